/// Which way a call or text went, seen from the business.
public enum Direction: String, Sendable, Hashable, CaseIterable {
    case inbound
    case outbound
}

/// `call.logged`: a call with a contact.
public struct CallLog: Sendable, Hashable {
    public var contact: String
    public var direction: Direction
    public var durationSeconds: Int64
    public var from: PhoneNumber?
    public var to: PhoneNumber?
    public var disposition: String?
    public var recordingURL: String?
    public var conversation: String?
    public var agent: String?

    public init(
        contact: String,
        direction: Direction,
        durationSeconds: Int64,
        from: PhoneNumber? = nil,
        to: PhoneNumber? = nil,
        disposition: String? = nil,
        recordingURL: String? = nil,
        conversation: String? = nil,
        agent: String? = nil
    ) {
        self.contact = contact
        self.direction = direction
        self.durationSeconds = durationSeconds
        self.from = from
        self.to = to
        self.disposition = disposition
        self.recordingURL = recordingURL
        self.conversation = conversation
        self.agent = agent
    }
}

/// `text.logged`: a text message to or from a contact.
public struct TextLog: Sendable, Hashable {
    public var contact: String
    public var direction: Direction
    public var body: String
    public var conversation: String?
    public var agent: String?
    public var mediaURLs: [String]?

    public init(
        contact: String,
        direction: Direction,
        body: String,
        conversation: String? = nil,
        agent: String? = nil,
        mediaURLs: [String]? = nil
    ) {
        self.contact = contact
        self.direction = direction
        self.body = body
        self.conversation = conversation
        self.agent = agent
        self.mediaURLs = mediaURLs
    }
}

/// `note.added`: a note written about a contact.
public struct Note: Sendable, Hashable {
    public var contact: String
    public var body: String
    public var author: String?
    public var conversation: String?

    public init(contact: String, body: String, author: String? = nil, conversation: String? = nil) {
        self.contact = contact
        self.body = body
        self.author = author
        self.conversation = conversation
    }
}
