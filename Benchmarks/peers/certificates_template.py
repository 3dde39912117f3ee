"""Shared by the certificate peers of `thidua-bench certificates`: splits a flat ODF text
template (.fodt, as ThiĐua reads it) into the parts of an ODT package, with the standard
library only, and lists its LibreOffice placeholder fields.

A placeholder is `<text:placeholder ...>&lt;name&gt;</text:placeholder>`, the name in angle
brackets (ThiĐua's template convention).
"""
import re
import zipfile

PLACEHOLDER = re.compile(r'<text:placeholder\b[^>]*>&lt;([a-z0-9_.]+)&gt;</text:placeholder>')
MIMETYPE = "application/vnd.oasis.opendocument.text"
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{MIMETYPE}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')
META_NS = 'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'


def section(text, name):
    """The whole element `office:NAME` of the flat file ('' when absent)."""
    m = re.search(rf'<office:{name}\b.*?</office:{name}>|<office:{name}\b[^>]*/>', text, re.S)
    return m.group(0) if m else ""


class FlatTemplate:
    """The parts of a flat ODF text document, as strings of XML."""

    def __init__(self, text):
        root = re.search(r'<office:document\b([^>]*)>', text)
        # The root's namespace declarations, office:version forced to 1.3 (as ThiĐua writes).
        attrs = re.findall(r'(xmlns:[\w-]+="[^"]*")', root.group(1))
        if META_NS not in attrs:
            attrs.append(META_NS)
        self.declarations = " ".join(attrs) + ' office:version="1.3"'
        self.font_faces = section(text, "font-face-decls")
        self.styles = section(text, "styles")
        self.automatic_styles = section(text, "automatic-styles")
        self.master_styles = section(text, "master-styles")
        self.meta = section(text, "meta")
        body = re.search(r'<office:text\b([^>]*)>(.*)</office:text>', text, re.S)
        self.text_attributes = body.group(1)
        self.body = body.group(2)

    @classmethod
    def read(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls(f.read())

    def content_xml(self, body):
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {self.declarations}>'
                f'{self.font_faces}{self.automatic_styles}<office:body><office:text{self.text_attributes}>{body}'
                '</office:text></office:body></office:document-content>')

    def styles_xml(self):
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {self.declarations}>'
                f'{self.font_faces}{self.styles}{self.automatic_styles}{self.master_styles}</office:document-styles>')

    def meta_xml(self, generator):
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {self.declarations}><office:meta>'
                f'<meta:generator>{generator}</meta:generator></office:meta></office:document-meta>')


def write_package(path, content, styles, meta):
    """An ODT package: mimetype first and stored, the parts deflated at zlib's default level."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", (1980, 1, 1, 0, 0, 0)), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, part in (("META-INF/manifest.xml", MANIFEST), ("content.xml", content),
                           ("styles.xml", styles), ("meta.xml", meta)):
            data = part.encode("utf-8") if isinstance(part, str) else part
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
