import Testing
import ThiDuaCore

@Suite struct VietnameseOrderTests {
    @Test func lettersFollowTheVietnameseAlphabet() {
        let names = ["Đồng Xoài", "Dương Minh Châu", "Ấp Bắc", "Ăn Quán", "An Phú", "Bình Minh", "Ơn Hòa", "Ông Ích Khiêm", "Ô Môn", "Ư Đá", "Uyên Hưng"]
        #expect(names.sorted(by: VietnameseOrder.precedes) == [
            "An Phú", "Ăn Quán", "Ấp Bắc", "Bình Minh", "Dương Minh Châu", "Đồng Xoài", "Ô Môn", "Ông Ích Khiêm", "Ơn Hòa", "Uyên Hưng", "Ư Đá",
        ])
    }

    @Test func tonesComeInDictionaryOrderAfterTheLetters() {
        let words = ["mạ", "má", "ma", "mả", "mà", "mã", "mai"]
        #expect(words.sorted(by: VietnameseOrder.precedes) == ["ma", "mà", "mả", "mã", "má", "mạ", "mai"])
    }

    @Test func decomposedTextSortsLikeComposedAndCaseComesLast() {
        // "Đồng" typed decomposed (NFD) still sorts by its letters and its tone (huyền after ngang).
        let nfd = "Đo\u{302}\u{300}ng"
        let sorted = [nfd, "Đông", "Dương"].sorted(by: VietnameseOrder.precedes)
        #expect(sorted.map { Array($0.unicodeScalars) } == [Array("Dương".unicodeScalars), Array("Đông".unicodeScalars), Array(nfd.unicodeScalars)])
        #expect(VietnameseOrder.precedes("an", "An"))
        #expect(VietnameseOrder.precedes("Phường 2", "Phường 10") == false, "digits compare one by one, as text")
        #expect(VietnameseOrder.precedes("Dz", "Đa"))
    }
}
