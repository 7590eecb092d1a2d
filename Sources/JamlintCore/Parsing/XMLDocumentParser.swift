import CLibXML2
import Foundation

/// Reads XHTML (libxml2's XML parser) and HTML (its HTML parser) into jamlint's document model.
///
/// One SAX pass, no DOM tree: the element, text and comment callbacks feed an `HTMLBlockBuilder`.
/// libxml2 gives elements lines only, so each callback reads the byte offset of the parser's input
/// (`consumed + (cur - base)`) and a `SourceAligner` maps the decoded text back onto the raw bytes;
/// every scalar of every block therefore points at the exact bytes that produced it.
///
/// Safety: the parser never loads a DTD or external entity, never follows XInclude and keeps
/// libxml2's entity-amplification limits (no `XML_PARSE_HUGE`). References to entities declared in
/// a document's own DTD are refused, which also stops billion-laughs documents at their first
/// reference. libxml2 never prints: its errors become `ParseError`s.
public struct XMLDocumentParser: Sendable {
    public enum Mode: Sendable { case xhtml, html }
    public let mode: Mode

    public init(mode: Mode) { self.mode = mode }

    public func parse(_ source: SourceFile) throws(ParseError) -> Document {
        try SourceSpanStore.checkSize(source)
        _ = Self.libraryInitialised
        let session = XMLParseSession(mode: mode, source: source)
        return try withExtendedLifetime(session) { () throws(ParseError) -> Document in
            try session.run()
            let (blocks, comments) = session.state.pointee.builder.finish()
            return Document(source: source, format: mode == .xhtml ? .xhtml : .html, blocks: blocks, comments: comments)
        }
    }

    /// libxml2 must be initialised once per process before contexts are used from many threads.
    fileprivate static let libraryInitialised: Void = xmlInitParser()
}

/// The state of one parse, reached from libxml2's callbacks through the context's `_private`.
private final class XMLParseSession {
    let mode: XMLDocumentParser.Mode
    let source: SourceFile
    /// What every callback reads and changes, behind a pointer: the class's own stored properties
    /// get dynamic exclusivity checks (`swift_beginAccess`), which profiles showed per callback.
    let state: UnsafeMutablePointer<State>
    let known = KnownElementNames.shared

    struct State {
        var builder: HTMLBlockBuilder
        /// The document's own parser context; callbacks from any other context are ignored.
        var context: xmlParserCtxtPtr?
        /// Element names already read, by the pointer libxml2 passed (names come from its
        /// dictionary, so a document's few names arrive as the same few pointers).
        var names: [ElementName] = []
        /// For a pointer's hash (`slot(of:)`), the index in `names` of the name last found for it,
        /// or -1: most look-ups then compare one entry instead of searching the list.
        var slots = [Int8](repeating: -1, count: 64)
        /// The predefined entities handed out so far, by the name pointer libxml2 passed (names
        /// come from its dictionary): a repeated `&auml;` is found without making a `String` of
        /// its name and hashing it, which profiles showed per reference.
        var entityNames: [EntityName] = []
        /// Numbers of element names outside `KnownElementNames`, for this document.
        var otherNames: [String] = []
        var otherIDs: [String: Int] = [:]
    }

    struct EntityName {
        let pointer: UnsafePointer<xmlChar>
        /// The name's bytes, NUL-terminated, to confirm a hit on the pointer.
        let bytes: [UInt8]
        let entity: UnsafeMutablePointer<xmlEntity>
    }

    struct ElementName {
        let pointer: UnsafePointer<xmlChar>
        /// The bytes libxml2 passed, NUL-terminated, to confirm a hit on the pointer.
        let bytes: [UInt8]
        let name: String
        let role: HTMLElementRole
    }

    var context: xmlParserCtxtPtr? {
        get { state.pointee.context }
        set { state.pointee.context = newValue }
    }
    /// jamlint's own refusal (a declared or undefined entity); it wins over libxml2's errors.
    var refusal: ParseError?
    var firstError: ParseError?
    var firstFatalError: ParseError?
    /// The XML parser found the document not well-formed (namespace errors alone do not count).
    var notWellFormed = false
    /// HTML named entities handed to the XML parser, allocated per parse and freed with it.
    var entities: [String: UnsafeMutablePointer<xmlEntity>] = [:]

    init(mode: XMLDocumentParser.Mode, source: SourceFile) {
        self.mode = mode
        self.source = source
        state = .allocate(capacity: 1)
        state.initialize(to: State(
            builder: HTMLBlockBuilder(
                raw: source.bytes, start: source.bomLength, lenientReferences: mode == .html,
                lookup: Self.htmlEntity),
            context: nil, names: []))
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
        for entity in entities.values {
            UnsafeMutablePointer(mutating: entity.pointee.name)?.deallocate()
            entity.pointee.content?.deallocate()
            entity.deallocate()
        }
    }

    // MARK: Running libxml2

    func run() throws(ParseError) {
        let count = source.bytes.count
        guard count < Int(Int32.max) else {
            throw ParseError(path: source.path, message: "file too large for the XML parser")
        }
        if count == source.bomLength {
            if mode == .xhtml { throw ParseError(path: source.path, message: "Document is empty") }
            return
        }
        source.bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            base.withMemoryRebound(to: CChar.self, capacity: count) { chars in
                withQuietErrors {
                    switch mode {
                    case .xhtml: parseXML(chars, count)
                    case .html: parseHTML(chars, count)
                    }
                }
            }
        }
        if let refusal { throw refusal }
        if let firstFatalError { throw firstFatalError }
        if notWellFormed {
            throw firstError ?? ParseError(path: source.path, message: "not well-formed XML")
        }
    }

    private func parseXML(_ chars: UnsafePointer<CChar>, _ count: Int) {
        guard let ctxt = xmlCreateMemoryParserCtxt(chars, Int32(count)) else {
            refusal = ParseError(path: source.path, message: "cannot create an XML parser")
            return
        }
        defer {
            context = nil
            if let doc = ctxt.pointee.myDoc {
                xmlFreeDoc(doc)
                ctxt.pointee.myDoc = nil
            }
            xmlFreeParserCtxt(ctxt)
        }
        // IGNORE_ENC: the loader has checked that the file is UTF-8, and offsets must stay raw
        // bytes, which a converter for a declared encoding would break. No NOENT, DTDLOAD, DTDATTR,
        // DTDVALID, XINCLUDE or HUGE: each of them loads or expands more than the file's own text.
        let options = XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_IGNORE_ENC.rawValue
        _ = xmlCtxtUseOptions(ctxt, Int32(bitPattern: options))
        ctxt.pointee.replaceEntities = 0
        ctxt.pointee.loadsubset = 0
        ctxt.pointee.validate = 0
        guard let sax = ctxt.pointee.sax else { return }
        sax.pointee.startElementNs = { ctx, localname, _, _, _, _, _, _, _ in
            XMLParseSession.withSession(ctx) { $0.startElement(localname) }
        }
        sax.pointee.endElementNs = { ctx, localname, _, _ in
            XMLParseSession.withSession(ctx) { $0.endElement(localname) }
        }
        sax.pointee.startElement = nil
        sax.pointee.endElement = nil
        installCommonHandlers(sax)
        sax.pointee.reference = { ctx, name in
            XMLParseSession.session(ctx)?.undefinedReference(name)
        }
        sax.pointee.getEntity = { ctx, name in
            guard let name else { return nil }
            // Entity content is never parsed in a context of its own, so an unknown context gets nothing.
            return XMLParseSession.session(ctx)?.entity(named: name)
        }
        sax.pointee.serror = { ctx, error in
            guard let error else { return }
            XMLParseSession.session(ctx)?.record(error)
        }
        ctxt.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        context = ctxt
        _ = xmlParseDocument(ctxt)
        notWellFormed = ctxt.pointee.wellFormed == 0
    }

    private func parseHTML(_ chars: UnsafePointer<CChar>, _ count: Int) {
        guard let ctxt = htmlCreateMemoryParserCtxt(chars, Int32(count)) else {
            refusal = ParseError(path: source.path, message: "cannot create an HTML parser")
            return
        }
        defer {
            context = nil
            if let doc = ctxt.pointee.myDoc {
                xmlFreeDoc(doc)
                ctxt.pointee.myDoc = nil
            }
            htmlFreeParserCtxt(ctxt)
        }
        let options = HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NOIMPLIED.rawValue | XML_PARSE_BIG_LINES.rawValue
        _ = htmlCtxtUseOptions(ctxt, Int32(bitPattern: options))
        guard let sax = ctxt.pointee.sax else { return }
        sax.pointee.startElement = { ctx, name, _ in
            XMLParseSession.withSession(ctx) { $0.startElement(name) }
        }
        sax.pointee.endElement = { ctx, name in
            XMLParseSession.withSession(ctx) { $0.endElement(name) }
        }
        installCommonHandlers(sax)
        ctxt.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        context = ctxt
        // Same effect as passing "UTF-8" to htmlCtxtReadMemory (without it the HTML parser reads
        // UTF-8 as Latin-1), but without installing a converter: the input buffer stays the raw
        // bytes, so byte offsets stay exact, a BOM included.
        _ = xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
        _ = htmlParseDocument(ctxt)
    }

    private func installCommonHandlers(_ sax: UnsafeMutablePointer<xmlSAXHandler>) {
        sax.pointee.characters = { ctx, ch, len in
            XMLParseSession.withSession(ctx) { $0.characters(ch, len, references: true) }
        }
        // The same function for both, so that libxml2 never tests white space for "ignorability".
        sax.pointee.ignorableWhitespace = sax.pointee.characters
        sax.pointee.cdataBlock = { ctx, ch, len in
            XMLParseSession.session(ctx)?.cdata(ch, len)
        }
        sax.pointee.comment = { ctx, content in
            XMLParseSession.session(ctx)?.comment(content)
        }
        sax.pointee.processingInstruction = { ctx, _, _ in
            XMLParseSession.session(ctx)?.skipToCurrentOffset()
        }
        sax.pointee.warning = nil
        sax.pointee.error = nil
        sax.pointee.fatalError = nil
    }

    /// Routes libxml2's per-thread error handlers to this session for the duration of `body`.
    /// The HTML parser ignores `serror`, and some messages bypass the context altogether.
    private func withQuietErrors(_ body: () -> Void) {
        let previousHandler = jamlint_structured_error_handler()
        let previousContext = jamlint_structured_error_context()
        let previousGeneric = jamlint_generic_error_handler()
        let previousGenericContext = jamlint_generic_error_context()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(self).toOpaque()) { data, error in
            guard let data, let error else { return }
            Unmanaged<XMLParseSession>.fromOpaque(data).takeUnretainedValue().record(error)
        }
        jamlint_silence_generic_errors()
        defer {
            xmlSetStructuredErrorFunc(previousContext, previousHandler)
            jamlint_restore_generic_errors(previousGeneric, previousGenericContext)
        }
        body()
    }

    /// `session(ctx)` for the callbacks libxml2 makes most often (every element and text chunk):
    /// the session is used without being retained and released (the parse holds it), which the
    /// optional it returns cost per call in profiles.
    @inline(__always)
    static func withSession(_ ctx: UnsafeMutableRawPointer?, _ body: (XMLParseSession) -> Void) {
        guard let ctx else { return }
        let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let opaque = ctxt.pointee._private else { return }
        Unmanaged<XMLParseSession>.fromOpaque(opaque)._withUnsafeGuaranteedRef { session in
            if session.context == ctxt { body(session) }
        }
    }

    static func session(_ ctx: UnsafeMutableRawPointer?) -> XMLParseSession? {
        guard let ctx else { return nil }
        let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let opaque = ctxt.pointee._private else { return nil }
        let session = Unmanaged<XMLParseSession>.fromOpaque(opaque).takeUnretainedValue()
        return session.context == ctxt ? session : nil
    }

    // MARK: Positions

    /// The byte offset the parser has reached in the document's own input.
    var currentOffset: Int? {
        guard let ctxt = context, ctxt.pointee.inputNr == 1, let input = ctxt.pointee.input,
            let base = input.pointee.base, let cur = input.pointee.cur
        else { return nil }
        return clamp(Int(clamping: input.pointee.consumed) + base.distance(to: cur))
    }

    private func clamp(_ offset: Int) -> Int { min(max(offset, 0), source.bytes.count) }

    /// The first raw byte that no event has accounted for yet.
    private var position: Int {
        get { state.pointee.builder.aligner.position }
        set { state.pointee.builder.aligner.position = newValue }
    }

    // MARK: Events

    func startElement(_ namePointer: UnsafePointer<xmlChar>?) {
        guard let namePointer, let cur = currentOffset else { return }
        let element = elementID(namePointer)
        let name = element.id
        let raw = source.bytes
        switch mode {
        case .xhtml:
            // At this callback the input sits on the tag's `>` or `/>`; XML attribute values
            // cannot contain `<`, so the last one before it opens the tag.
            let start = MarkupScan.lastIndex(of: UInt8(ascii: "<"), in: raw, before: cur, floor: 0) ?? cur
            let end = MarkupScan.tagEnd(raw, from: cur)
            position = end
            state.pointee.builder.startElement(name, role: element.role, tag: start..<end, explicit: true)
        case .html:
            // The HTML parser also reports elements it implied (a missing `<p>`, html, body);
            // those have no tag of their own in the source.
            // A real tag's `<` lies before the parser's position, which is past the tag's name.
            if cur > position,
                let start = MarkupScan.findTag(
                    nameString(name), closing: false, in: raw, from: position, through: cur - 1)
            {
                let end = MarkupScan.tagEnd(raw, from: cur)
                position = end
                state.pointee.builder.startElement(name, role: element.role, tag: start..<end, explicit: true)
            } else {
                let at = position
                state.pointee.builder.startElement(name, role: element.role, tag: at..<at, explicit: false)
            }
        }
    }

    func endElement(_ namePointer: UnsafePointer<xmlChar>?) {
        guard let namePointer, let cur = currentOffset else { return }
        let name = elementID(namePointer).id
        let raw = source.bytes
        let floor = position
        switch mode {
        case .xhtml:
            // The input sits just after `>`; an empty element (`<br/>`) has no end tag of its own.
            let end = max(cur, floor)
            var start = end
            if let open = MarkupScan.lastIndex(of: UInt8(ascii: "<"), in: raw, before: end, floor: floor),
                open + 1 < raw.count, raw[open + 1] == UInt8(ascii: "/")
            {
                start = open
            }
            position = end
            state.pointee.builder.endElement(name, tag: start..<end)
        case .html:
            if cur > floor,
                let start = MarkupScan.findTag(nameString(name), closing: true, in: raw, from: floor, through: cur - 1)
            {
                position = cur
                state.pointee.builder.endElement(name, tag: start..<cur)
            } else {
                state.pointee.builder.endElement(name, tag: floor..<floor)
            }
        }
    }

    func characters(_ ch: UnsafePointer<xmlChar>?, _ length: Int32, references: Bool) {
        guard let ch, length > 0 else { return }
        // Chunks end at the parser's position (`currentOffset`), or one scalar past it when its
        // buffer filled up. `inBuffer`: the raw offset of a chunk that points into the parser's
        // input buffer (XML hands out unmodified text that way). Both from one read of the input
        // (two accessors, each reading it again, showed per text chunk in profiles).
        var end = source.bytes.count + 4
        var inBuffer: Int?
        if let ctxt = context, ctxt.pointee.inputNr == 1, let input = ctxt.pointee.input, let base = input.pointee.base {
            let consumed = Int(clamping: input.pointee.consumed)
            if let cur = input.pointee.cur { end = clamp(consumed + base.distance(to: cur)) + 4 }
            if let inputEnd = input.pointee.end, ch >= base, ch < inputEnd {
                inBuffer = clamp(consumed + base.distance(to: ch))
            }
        }
        var literalAt: Int?
        if let exact = inBuffer {
            // The XML parser passes a CRLF's LF alone, straight from its buffer: keep the CR with it.
            let raw = source.bytes
            let afterCR = ch.pointee == 0x0A && exact > position && raw[exact - 1] == 0x0D
            position = afterCR ? exact - 1 : exact
            end = max(end, exact + Int(length))
            if !afterCR { literalAt = exact }
        }
        state.pointee.builder.characters(
            UnsafeBufferPointer(start: ch, count: Int(length)), references: references, end: end, literalAt: literalAt)
    }

    func cdata(_ ch: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard mode == .xhtml, let cur = currentOffset,
            let open = MarkupScan.find("<![CDATA[", in: source.bytes, from: position, before: cur)
        else {
            characters(ch, length, references: false)
            return
        }
        position = open + 9
        characters(ch, length, references: false)
        // Past the section's `]]>` (its content cannot hold one): the text after it is aligned
        // from there, or a `&gt;` right after the section was mapped to the `>` of its `]]>`.
        if let close = MarkupScan.find("]]>", in: source.bytes, from: open + 9, before: source.bytes.count) {
            position = max(position, close + 3)
            state.pointee.builder.skipMarkup(through: close + 3)
        }
    }

    func comment(_ content: UnsafePointer<xmlChar>?) {
        guard let content, let cur = currentOffset else { return }
        let start = MarkupScan.find("<!--", in: source.bytes, from: position, before: cur) ?? position
        position = max(position, cur)
        state.pointee.builder.comment(String(cString: content), range: min(start, cur)..<cur)
    }

    func skipToCurrentOffset() {
        if let cur = currentOffset { position = max(position, cur) }
    }

    /// Called by the XML parser for a reference it could not resolve but did not reject (a
    /// document with an external DTD makes an undefined entity a mere warning).
    func undefinedReference(_ name: UnsafePointer<xmlChar>?) {
        guard let name else { return }
        if name.pointee == UInt8(ascii: "#") {
            // A character reference passed on as a reference (libxml2 does so for non-UTF-8 input).
            characterReference(String(cString: name), end: currentOffset)
            return
        }
        if refusal == nil {
            refusal = error(at: referenceStart(), message: "Entity '\(String(cString: name))' not defined")
        }
        skipToCurrentOffset()
    }

    /// The `&` of the reference the parser has just read (it sits after the `;`).
    private func referenceStart() -> Int? {
        guard let cur = currentOffset else { return nil }
        return MarkupScan.lastIndex(of: UInt8(ascii: "&"), in: source.bytes, before: cur, floor: 0) ?? cur
    }

    private func characterReference(_ name: String, end: Int?) {
        let digits = name.dropFirst()
        let hex = digits.first == "x" || digits.first == "X"
        guard let value = UInt32(hex ? String(digits.dropFirst()) : String(digits), radix: hex ? 16 : 10),
            let scalar = Unicode.Scalar(value)
        else { return }
        let bytes = Array(String(Character(scalar)).utf8)
        bytes.withUnsafeBufferPointer { buffer in
            state.pointee.builder.characters(
                buffer, references: true, end: (end ?? source.bytes.count) + 4, literalAt: nil)
        }
    }

    // MARK: Entities

    /// Resolves `&name;` in XHTML content. No DTD is loaded, so without help the XML parser
    /// rejects `&nbsp;` or `&auml;`, which editors and exporters write into XHTML all the time.
    /// HTML's predefined names therefore resolve from libxml2's HTML table, handed to the XML
    /// parser as predefined entities (inlined as text, never parsed as markup). An entity the
    /// document declares itself is refused outright: expanding it is what XXE and billion-laughs
    /// attacks rely on, and memos have no use for it. Any other name stays undefined, which the
    /// parser reports as an error.
    func entity(named name: UnsafePointer<xmlChar>) -> xmlEntityPtr? {
        guard let ctxt = context else { return nil }
        if ctxt.pointee.inSubset != 0 { return xmlSAX2GetEntity(ctxt, name) }
        // Searched in place (a document uses a handful of entity names); a hit is confirmed by
        // the bytes, so it is always the entity that `entities` holds for that name.
        let cached = state.pointee.entityNames.withUnsafeBufferPointer { known -> UnsafeMutablePointer<xmlEntity>? in
            for i in known.indices where known[i].pointer == name && Self.equal(name, known[i].bytes) {
                return known[i].entity
            }
            return nil
        }
        if let cached { return cached }
        let key = String(cString: name)
        if let known = entities[key] {
            rememberEntity(known, for: name)
            return known
        }
        if let description = htmlEntityLookup(name), let scalar = Unicode.Scalar(description.pointee.value) {
            let entity = Self.makePredefinedEntity(name: key, value: scalar)
            entities[key] = entity
            rememberEntity(entity, for: name)
            return entity
        }
        if let declared = xmlSAX2GetEntity(ctxt, name) {
            if declared.pointee.etype == XML_INTERNAL_PREDEFINED_ENTITY { return declared }
            let start = referenceStart()
            refusal = error(
                at: start,
                message: "entity '&\(key);' is declared in the document type; jamlint does not expand such "
                    + "entities (write the text itself or a character reference)")
            xmlStopParser(ctxt)
        }
        return nil
    }

    /// Adds a handed-out entity to the pointer cache (bounded: a document with very many names
    /// just looks the later ones up by `String`).
    private func rememberEntity(_ entity: UnsafeMutablePointer<xmlEntity>, for name: UnsafePointer<xmlChar>) {
        guard state.pointee.entityNames.count < 32 else { return }
        let bytes = Array(UnsafeBufferPointer(start: name, count: Int(xmlStrlen(name)) + 1))
        state.pointee.entityNames.append(EntityName(pointer: name, bytes: bytes, entity: entity))
    }

    private static func makePredefinedEntity(name: String, value: Unicode.Scalar) -> UnsafeMutablePointer<xmlEntity> {
        let nameBytes = Array(name.utf8)
        let namePointer = UnsafeMutablePointer<xmlChar>.allocate(capacity: nameBytes.count + 1)
        namePointer.initialize(from: nameBytes, count: nameBytes.count)
        namePointer[nameBytes.count] = 0
        let valueBytes = Array(String(Character(value)).utf8)
        let content = UnsafeMutablePointer<xmlChar>.allocate(capacity: valueBytes.count + 1)
        content.initialize(from: valueBytes, count: valueBytes.count)
        content[valueBytes.count] = 0
        let entity = UnsafeMutablePointer<xmlEntity>.allocate(capacity: 1)
        entity.initialize(to: xmlEntity())
        entity.pointee.type = XML_ENTITY_DECL
        entity.pointee.etype = XML_INTERNAL_PREDEFINED_ENTITY
        entity.pointee.name = UnsafePointer(namePointer)
        entity.pointee.content = content
        entity.pointee.length = Int32(valueBytes.count)
        return entity
    }

    /// The HTML entity table, for the aligner and for attribute values.
    static func htmlEntity(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        guard name.count < 32 else { return nil }
        return withUnsafeTemporaryAllocation(of: xmlChar.self, capacity: 33) { buffer -> Unicode.Scalar? in
            var k = 0
            for b in name {
                buffer[k] = b
                k += 1
            }
            buffer[k] = 0
            guard let base = buffer.baseAddress, let description = htmlEntityLookup(base) else { return nil }
            return Unicode.Scalar(description.pointee.value)
        }
    }

    // MARK: Errors

    func record(_ error: UnsafeMutablePointer<xmlError>) {
        let level = error.pointee.level
        guard level != XML_ERR_WARNING && level != XML_ERR_NONE else { return }
        var message = error.pointee.message.map { String(cString: $0) } ?? "parse error"
        while let last = message.last, last.isWhitespace { message.removeLast() }
        let parseError: ParseError
        if var offset = currentOffset {
            // libxml2 reports an undefined entity after its `;`; point at the reference itself.
            let code = error.pointee.code
            if code == Int32(XML_ERR_UNDECLARED_ENTITY.rawValue) || code == Int32(XML_WAR_UNDECLARED_ENTITY.rawValue),
                let ampersand = MarkupScan.lastIndex(of: UInt8(ascii: "&"), in: source.bytes, before: offset, floor: 0)
            {
                offset = ampersand
            }
            parseError = self.error(at: offset, message: message)
        } else {
            parseError = ParseError(
                path: source.path, line: max(1, Int(error.pointee.line)), column: max(1, Int(error.pointee.int2)),
                message: message)
        }
        if level == XML_ERR_FATAL {
            if firstFatalError == nil { firstFatalError = parseError }
        } else if firstError == nil {
            firstError = parseError
        }
    }

    /// An error at a byte offset, with the line and character column the rest of jamlint uses
    /// (libxml2's own line numbers stop at 65,535 in the HTML parser).
    private func error(at offset: Int?, message: String) -> ParseError {
        guard let offset else { return ParseError(path: source.path, message: message) }
        let location = source.location(ofByte: offset)
        return ParseError(path: source.path, line: location.line, column: location.column, message: message)
    }

    /// The number (see `KnownElementNames`) and role of the element named at `pointer`.
    @inline(__always)
    private func elementID(_ pointer: UnsafePointer<xmlChar>) -> (id: Int, role: HTMLElementRole) {
        let key = KnownElementNames.packedName(pointer)
        // `id(ofKey:)` gives numbers below `names.count`, where `roles` is initialised.
        if key != 0, let id = known.id(ofKey: key) { return (id, known.roles[id]) }
        return otherElementID(pointer)
    }

    /// `elementID` for a name that is not packed or not known: by its lower-case `String`.
    @inline(never)
    private func otherElementID(_ pointer: UnsafePointer<xmlChar>) -> (id: Int, role: HTMLElementRole) {
        let (name, role) = elementName(pointer)
        if let id = known.idByName[name] { return (id, role) }
        if let id = state.pointee.otherIDs[name] { return (id, role) }
        let id = known.names.count + state.pointee.otherNames.count
        state.pointee.otherNames.append(name)
        state.pointee.otherIDs[name] = id
        return (id, role)
    }

    /// The lower-case name numbered `id` by `elementID`.
    private func nameString(_ id: Int) -> String {
        id < known.names.count ? known.names[id] : state.pointee.otherNames[id - known.names.count]
    }

    /// The lower-case name and role of the element named at `pointer`, read once per name.
    private func elementName(_ pointer: UnsafePointer<xmlChar>) -> (name: String, role: HTMLElementRole) {
        let slot = Self.slot(of: pointer)
        // Searched in place: iterating copies of the entries retained their arrays (profiles).
        let hit = state.pointee.names.withUnsafeBufferPointer { entries -> Int? in
            let guess = Int(state.pointee.slots[slot])
            if guess >= 0 && guess < entries.count && entries[guess].pointer == pointer
                && Self.equal(pointer, entries[guess].bytes) {
                return guess
            }
            for i in entries.indices where entries[i].pointer == pointer && Self.equal(pointer, entries[i].bytes) {
                return i
            }
            return nil
        }
        if let hit {
            // Written only when it changes (the write checks the array's uniqueness).
            if state.pointee.slots[slot] != Int8(hit) { state.pointee.slots[slot] = Int8(hit) }
            return (state.pointee.names[hit].name, state.pointee.names[hit].role)
        }
        // One allocation of the right size (appending byte by byte grew the array several times
        // for every name of every document).
        let bytes = Array(UnsafeBufferPointer(start: pointer, count: Int(xmlStrlen(pointer)) + 1))
        let name: String
        let role: HTMLElementRole
        if let known = ElementNameCache.shared.lookup(bytes) {
            (name, role) = known
        } else {
            name = Self.elementName(pointer)
            role = HTMLElementRole.of(name)
            ElementNameCache.shared.insert(bytes, name: name, role: role)
        }
        // Bounded: a document with many distinct element names just reads the later ones each time.
        if state.pointee.names.count < 64 {
            // Room for a typical document's distinct names at once, not grown one doubling at a time.
            if state.pointee.names.isEmpty { state.pointee.names.reserveCapacity(16) }
            state.pointee.slots[slot] = Int8(state.pointee.names.count)
            state.pointee.names.append(ElementName(pointer: pointer, bytes: bytes, name: name, role: role))
        }
        return (name, role)
    }

    /// A hash of the pointer in 0..<64. Dictionary strings may be packed back to back, so two
    /// names can share a slot: that costs a search of the list, never a wrong name (a hit is
    /// confirmed by pointer and bytes).
    private static func slot(of pointer: UnsafePointer<xmlChar>) -> Int {
        let bits = UInt(bitPattern: pointer)
        return Int(truncatingIfNeeded: (bits >> 3 ^ bits >> 9) & 63)
    }

    /// Whether the NUL-terminated string at `pointer` is `bytes` (which ends with its NUL).
    private static func equal(_ pointer: UnsafePointer<xmlChar>, _ bytes: [UInt8]) -> Bool {
        // Stops at the first difference or at the shared NUL, so never reads past either end.
        var k = 0
        while k < bytes.count {
            if pointer[k] != bytes[k] { return false }
            if bytes[k] == 0 { return true }
            k += 1
        }
        return false
    }

    private static func elementName(_ pointer: UnsafePointer<xmlChar>) -> String {
        var name = String(cString: pointer)
        if name.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            name = name.lowercased()
        }
        return name
    }
}

/// The lower-case names and roles of the element names seen by any parse, by their bytes (with
/// the NUL). Every memo uses the same few elements, and making each document's names into
/// `String`s, lower-casing them and looking their roles up again showed in profiles.
private final class ElementNameCache: @unchecked Sendable {
    static let shared = ElementNameCache()
    private let lock = NSLock()
    /// Guarded by `lock`. Behind a pointer: a stored `var` of a class gets dynamic exclusivity
    /// checks on every access. A list: the corpus has a few dozen distinct names, compared by
    /// length and `memcmp` faster than an array key is hashed.
    private let entries: UnsafeMutablePointer<[(bytes: [UInt8], name: String, role: HTMLElementRole)]> = {
        let p = UnsafeMutablePointer<[(bytes: [UInt8], name: String, role: HTMLElementRole)]>.allocate(capacity: 1)
        p.initialize(to: [])
        return p
    }()

    func lookup(_ bytes: [UInt8]) -> (name: String, role: HTMLElementRole)? {
        lock.lock()
        defer { lock.unlock() }
        return bytes.withUnsafeBufferPointer { key -> (name: String, role: HTMLElementRole)? in
            guard let k = key.baseAddress else { return nil }
            for i in entries.pointee.indices where entries.pointee[i].bytes.count == key.count {
                let same = entries.pointee[i].bytes.withUnsafeBufferPointer { entry in
                    entry.baseAddress.map { memcmp($0, k, key.count) == 0 } ?? false
                }
                if same { return (entries.pointee[i].name, entries.pointee[i].role) }
            }
            return nil
        }
    }

    /// Bounded, so that documents full of invented element names cannot grow it without end
    /// (later names are then read per document, as before).
    func insert(_ bytes: [UInt8], name: String, role: HTMLElementRole) {
        lock.lock()
        defer { lock.unlock() }
        // Another thread may have added the same name since this one's look-up missed it.
        guard entries.pointee.count < 128, !entries.pointee.contains(where: { $0.bytes == bytes }) else { return }
        entries.pointee.append((bytes, name, role))
    }
}

// MARK: - Element trees of Office parts

/// One element of a small XML part (Word's `word/document.xml`, OpenDocument's `content.xml`):
/// namespace URI, local name, attributes and children. Office parts carry no positions a clerk
/// could use, so readers of them need structure, not offsets.
struct XMLTreeElement: Sendable {
    var namespace: String
    var name: String
    var attributes: [XMLTreeAttribute]
    var children: [XMLTreeNode]

    func attribute(_ name: String, namespace: String) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// The child elements, in order.
    var elements: [XMLTreeElement] {
        children.compactMap { if case .element(let e) = $0 { return e } else { return nil } }
    }

    func child(_ name: String, namespace: String) -> XMLTreeElement? {
        for case .element(let e) in children where e.name == name && e.namespace == namespace { return e }
        return nil
    }

    /// All text below this element, in document order.
    var textContent: String {
        var out = ""
        for node in children {
            switch node {
            case .text(let t): out += t
            case .element(let e): out += e.textContent
            }
        }
        return out
    }
}

struct XMLTreeAttribute: Sendable {
    var namespace: String
    var name: String
    var value: String
}

enum XMLTreeNode: Sendable {
    case element(XMLTreeElement)
    case text(String)
}

/// Parses an XML part into an `XMLTreeElement` with the same safety as `XMLDocumentParser`: no
/// network, no DTD (a part with a document type declaration is refused before libxml2 sees it, so
/// no entity can be declared, let alone expanded), no XInclude, libxml2's default size and depth
/// limits (no `XML_PARSE_HUGE`), and nothing printed.
enum XMLTree {
    static func parse(_ bytes: [UInt8], path: String, part: String) throws(ParseError) -> XMLTreeElement {
        _ = XMLDocumentParser.libraryInitialised
        guard !bytes.isEmpty else { throw ParseError(path: path, message: "\(part) is empty") }
        guard bytes.count < Int(Int32.max) else { throw ParseError(path: path, message: "\(part) is too large") }
        if MarkupScan.find("<!DOCTYPE", in: bytes, from: 0, before: bytes.count) != nil {
            throw ParseError(path: path, message: "\(part) declares a document type; jamlint does not read such parts")
        }
        guard let ctxt = xmlNewParserCtxt() else {
            throw ParseError(path: path, message: "cannot create an XML parser")
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let options = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue
        let doc = bytes.withUnsafeBufferPointer { buffer -> xmlDocPtr? in
            guard let base = buffer.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                xmlCtxtReadMemory(ctxt, chars, Int32(buffer.count), nil, nil, Int32(bitPattern: options))
            }
        }
        guard let doc, ctxt.pointee.wellFormed != 0 else {
            if let doc { xmlFreeDoc(doc) }
            var message = "not well-formed XML"
            var line = 1
            if let error = xmlCtxtGetLastError(ctxt) {
                message = error.pointee.message.map { String(cString: $0) } ?? message
                while let last = message.last, last.isWhitespace { message.removeLast() }
                line = max(1, Int(error.pointee.line))
            }
            throw ParseError(path: path, message: "\(part), line \(line): \(message)")
        }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else {
            throw ParseError(path: path, message: "\(part) has no root element")
        }
        return element(root)
    }

    /// libxml2 limits nesting to 256 levels without `XML_PARSE_HUGE`, which bounds the recursion.
    private static func element(_ node: xmlNodePtr) -> XMLTreeElement {
        let name = node.pointee.name.map { String(cString: $0) } ?? ""
        let namespace = node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) } ?? ""
        var attributes: [XMLTreeAttribute] = []
        var attribute = node.pointee.properties
        while let a = attribute {
            var value = ""
            if let children = a.pointee.children, let raw = xmlNodeListGetString(node.pointee.doc, children, 1) {
                value = String(cString: raw)
                jamlint_xmlFree(raw)
            }
            attributes.append(XMLTreeAttribute(
                namespace: a.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) } ?? "",
                name: a.pointee.name.map { String(cString: $0) } ?? "", value: value))
            attribute = a.pointee.next
        }
        var children: [XMLTreeNode] = []
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE: children.append(.element(element(c)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content { children.append(.text(String(cString: content))) }
            default: break
            }
            child = c.pointee.next
        }
        return XMLTreeElement(namespace: namespace, name: name, attributes: attributes, children: children)
    }
}
