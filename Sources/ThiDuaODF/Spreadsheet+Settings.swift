import Foundation

/// The document's metadata, and the view LibreOffice opens it with: on every sheet the rows
/// down to the header frozen, so the header stays in sight while scrolling down a long list.
extension Spreadsheet {
    func writeMeta(_ w: StreamingXMLWriter) {
        w.start("office:meta")
        w.element("meta:generator", "ThiĐua")
        if let title { w.element("dc:title", title) }
        w.end()
    }

    func writeSettings(_ w: StreamingXMLWriter) {
        func item(_ name: String, _ type: String, _ value: String) {
            w.start("config:config-item")
            w.attribute("config:name", name)
            w.attribute("config:type", type)
            w.text(value)
            w.end()
        }
        w.start("office:settings")
        w.start("config:config-item-set")
        w.attribute("config:name", "ooo:view-settings")
        w.start("config:config-item-map-indexed")
        w.attribute("config:name", "Views")
        w.start("config:config-item-map-entry")
        item("ViewId", "string", "view1")
        w.start("config:config-item-map-named")
        w.attribute("config:name", "Tables")
        for sheet in sheets {
            let frozen = String(sheet.headerRow)
            w.start("config:config-item-map-entry")
            w.attribute("config:name", sheet.name)
            // Split mode 2 is "frozen"; the vertical split is below `frozen` rows, the bottom pane starts there.
            item("CursorPositionX", "int", "0")
            item("CursorPositionY", "int", frozen)
            item("HorizontalSplitMode", "short", "0")
            item("VerticalSplitMode", "short", "2")
            item("HorizontalSplitPosition", "int", "0")
            item("VerticalSplitPosition", "int", frozen)
            item("ActiveSplitRange", "short", "2")
            item("PositionLeft", "int", "0")
            item("PositionRight", "int", "0")
            item("PositionTop", "int", "0")
            item("PositionBottom", "int", frozen)
            w.end()
        }
        w.end()
        if let first = sheets.first { item("ActiveTable", "string", first.name) }
        w.end()
        w.end()
        w.end()
        w.end()
    }
}
