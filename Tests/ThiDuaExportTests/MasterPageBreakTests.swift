import Foundation
import Testing
import ThiDuaODF

/// Pages after the first in a template whose first paragraph has a master page (the
/// certificates): the master page alone starts each page. With `fo:break-before` added as well,
/// LibreOffice's DOCX held a page break and a section break for each, and the overprint
/// certificate printed 11 pages for 6 awardees (issue 12).
@Suite struct MasterPageBreakTests {
    func render(automatic: String, common: String = "", first: String) throws -> String {
        let source = TemplateTests.head + """
            <office:styles>\(common)</office:styles>
            <office:automatic-styles>\(automatic)<style:page-layout style:name="pm1"/></office:automatic-styles>
            <office:master-styles><style:master-page style:name="Phoi" style:page-layout-name="pm1"/></office:master-styles>
            <office:body><office:text>
            <text:p text:style-name="\(first)"><draw:frame draw:name="k" text:anchor-type="paragraph" svg:x="30mm" svg:y="92mm" \
            svg:width="237mm" svg:height="13mm"><draw:text-box><text:p>\(TemplateTests.placeholder("ten"))</text:p></draw:text-box></draw:frame></text:p>
            </office:text></office:body></office:document>
            """
        let template = try ODFTemplate(flat: Array(source.utf8), name: "mau.fodt").compile(TemplateTests.schema)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).fodt")
        defer { try? FileManager.default.removeItem(at: url) }
        try template.writeFlat(pages: ["Một", "Hai", "Ba"].map { TemplateData(fields: ["ten": $0]) }, to: url)
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func aMasterPageOnTheFirstParagraphIsTheOnlyBreak() throws {
        let out = try render(automatic: """
            <style:style style:name="Neo" style:family="paragraph" style:master-page-name="Phoi"><style:text-properties fo:font-size="2pt"/></style:style>
            """, first: "Neo")
        #expect(out.components(separatedBy: "<text:p text:style-name=\"ThiDua_trang_moi\">").count - 1 == 2)
        #expect(out.contains("<style:style style:name=\"ThiDua_trang_moi\" style:family=\"paragraph\" style:master-page-name=\"Phoi\">"
            + "<style:text-properties fo:font-size=\"2pt\"/></style:style>"))
        #expect(!out.contains("fo:break-before"))
        #expect(out.contains("draw:name=\"k_3\""))
    }

    @Test func aMasterPageInheritedFromACommonStyleIsTheOnlyBreakToo() throws {
        let out = try render(automatic: "<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Phoi_doan\"/>",
            common: "<style:style style:name=\"Phoi_doan\" style:family=\"paragraph\" style:master-page-name=\"Phoi\"/>", first: "P1")
        #expect(out.components(separatedBy: "<text:p text:style-name=\"ThiDua_trang_moi\">").count - 1 == 2)
        #expect(!out.contains("fo:break-before"))
    }

    @Test func withoutAMasterPageLaterPagesBreakBefore() throws {
        let out = try render(automatic: "<style:style style:name=\"P1\" style:family=\"paragraph\" style:master-page-name=\"\"/>", first: "P1")
        #expect(out.contains("<style:style style:name=\"ThiDua_trang_moi\" style:family=\"paragraph\" style:master-page-name=\"\">"
            + "<style:paragraph-properties fo:break-before=\"page\"/></style:style>"))
    }
}
