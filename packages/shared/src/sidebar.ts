/**
 * The sidebar API: what the server answers under `/api/auth`, `/api/wecom`
 * and `/api/sidebar`. Times are ISO 8601 in UTC; calendar dates are
 * `YYYY-MM-DD` in China time, as the hospitals write them.
 */

/** How far a signed-in member sees: the widest rule that applies wins. */
export type AccessScope =
  'member' | 'doctor' | 'store' | 'region' | 'head_office'

/** The role a member's WeCom position names. */
export type StaffRoleName =
  | 'butler'
  | 'front_desk'
  | 'doctor'
  | 'nurse'
  | 'region_admin'
  | 'store_manager'
  | 'head_office_ops'

/**
 * `GET /api/app-info`, public: what a signed-out page needs to know of the
 * server, e.g. whether it is a demo (sign in through the simulator).
 */
export interface AppInfo {
  mode: 'demo' | 'production'
  corpId: string
  agentId: string
}

/** `GET /api/auth/session`: who is signed in (401 `UNAUTHENTICATED` if nobody). */
export interface SessionInfo {
  userId: string
  name: string
  role: StaffRoleName | null
  scope: AccessScope
  /** The member's hospital or region, where the scope has one. */
  hospital: { id: string; name: string } | null
  region: { id: string; name: string } | null
  expiresAt: string
  mode: 'demo' | 'production'
}

/**
 * `POST /api/wecom/jssdk-sign` with `{ url, kind }`: the signature
 * `ww.register` asks for. `corp` signs with the corp ticket (config),
 * `agent` with the app ticket (agentConfig).
 */
export interface JssdkSignRequest {
  url: string
  kind: 'corp' | 'agent'
}
export interface JssdkSignature {
  corpId: string
  agentId: string
  timestamp: number
  nonceStr: string
  signature: string
}

export interface HospitalRef {
  id: string
  name: string
}

/** A hospital customer (pet owner) as the hospital system knows them. */
export interface SidebarCustomer {
  id: string
  name: string
  /** Masked, e.g. `138****5678`; null when unknown. */
  phone: string | null
  hospital: HospitalRef | null
  note: string | null
}

/** How the record shown was found. */
export interface RecordSource {
  /** `binding`: a WeCom customer bound to this record; `group_name`: the group's name. */
  via: 'binding' | 'group_name'
  method: 'phone' | 'customer_id' | 'created' | 'group_name'
  boundAt: string | null
  /** The member who bound it (their account id when they are not in the directory). */
  boundBy: { userId: string; name: string } | null
}

export interface AlertView {
  kind: 'allergy' | 'chronic' | 'behaviour'
  text: string
  severity: 'high' | 'medium' | 'low'
  since: string | null
}

export type CareStatusName =
  | 'not_started'
  | 'due_soon'
  | 'due'
  | 'overdue'
  | 'up_to_date'
  | 'not_applicable'

/** One vaccine or parasite control line of the pet's file. */
export interface CareLine {
  id: string
  /** Chinese name first; English for an English interface. */
  name: { zh: string; en: string }
  core: boolean
  status: CareStatusName
  lastGivenOn: string | null
  nextDueOn: string
  daysOverdue: number | null
}

export interface CareFlagView {
  flag: 'post_surgery' | 'chronic' | 'recent_vaccination'
  sinceOn: string
  untilOn: string | null
  note: string | null
}

export interface WeightPoint {
  measuredOn: string
  kg: number
}

export interface Prescription {
  drug: string
  dose: string | null
  days: number | null
}

/** A visit as the history timeline lists it. */
export interface VisitSummary {
  id: string
  petId: string
  visitedAt: string
  hospital: HospitalRef
  doctorName: string | null
  reason: string | null
  diagnoses: string[]
  treatments: string[]
  prescriptions: Prescription[]
  recheckOn: string | null
}

export interface LabResult {
  test: string
  value: number | string
  unit: string | null
  low: number | null
  high: number | null
  /** Against the reference range, when the value is a number and a range is known. */
  flag: 'low' | 'high' | 'normal' | null
}

/** `GET /api/sidebar/visits/:id`: the whole visit. Opening it is audited. */
export interface VisitDetail extends VisitSummary {
  history: string | null
  exam: {
    temperatureC: number | null
    heartRate: number | null
    breathingRate: number | null
    weightKg: number | null
    findings: string | null
  }
  labs: LabResult[]
}

/** A pet's file as the sidebar shows it. */
export interface SidebarPet {
  id: string
  name: string
  species: 'dog' | 'cat' | 'other'
  breed: string | null
  sex: 'male' | 'female' | 'unknown'
  neutered: boolean | null
  birthDate: string | null
  colour: string | null
  microchip: string | null
  status: 'active' | 'deceased' | 'transferred'
  photoUrl: string | null
  /** Open alerts, most severe first. */
  alerts: AlertView[]
  /** Oldest first, at most the last 12. */
  weights: WeightPoint[]
  vaccines: CareLine[]
  deworming: CareLine[]
  careFlags: CareFlagView[]
  /** Newest first, at most 5; page on with `GET /api/sidebar/pets/:id/visits`. */
  recentVisits: VisitSummary[]
  visitCount: number
}

/** A follow-up note with an optional reminder date. */
export interface FollowUpNote {
  id: string
  customerId: string | null
  externalUserId: string | null
  petId: string | null
  author: { userId: string; name: string }
  text: string
  remindOn: string | null
  doneAt: string | null
  createdAt: string
}

/** The WeCom side of a single chat: the customer and who follows them. */
export interface WecomContactView {
  externalUserId: string
  name: string
  avatar: string | null
  /** 1 WeChat user, 2 WeCom user. */
  type: number | null
  followers: {
    userId: string
    name: string
    remark: string | null
    tags: string[]
    state: string | null
    /**
     * The hospital the channel names: a contact-me `state` of the form
     * `store_<WeCom department id or hospital id>_…`.
     */
    channelHospital: HospitalRef | null
    since: string | null
  }[]
}

/** The WeCom side of a group chat, and what is wrong with it. */
export interface WecomGroupView {
  chatId: string
  name: string
  owner: { userId: string; name: string } | null
  memberCount: number
  customerCount: number
  /** Whether the name follows `customer ID + pet name + complaint`. */
  nameOk: boolean
  parsedName: { customerId: string; petName: string; complaint: string } | null
  /** Roles the group should have among its members and does not. */
  missingRoles: StaffRoleName[]
  dismissed: boolean
}

/** The hospital record behind a chat. */
export interface RecordView {
  customer: SidebarCustomer
  source: RecordSource
  pets: SidebarPet[]
  /** The pet the chat is about (a group's named pet), when known. */
  focusPetId: string | null
  notes: FollowUpNote[]
}

/**
 * `GET /api/sidebar/contacts/:externalUserId` and
 * `GET /api/sidebar/groups/:chatId`: everything the sidebar shows for a chat
 * in one call. `record` is null while the chat has no record bound.
 */
export type SidebarView =
  | {
      kind: 'contact'
      contact: WecomContactView
      record: RecordView | null
      today: string
    }
  | {
      kind: 'group'
      group: WecomGroupView
      record: RecordView | null
      today: string
    }

/**
 * `GET /api/sidebar/pets/:id/visits?before=&limit=`: a page of history;
 * `before` is a visit time (ISO), `limit` 1–50 (20).
 */
export interface VisitPage {
  visits: VisitSummary[]
  /** Pass as `before` for the next page; null at the end. */
  next: string | null
}

/**
 * `GET /api/sidebar/customers?q=` answers `{ customers: CustomerCandidate[] }`:
 * records to bind, by exact customer ID or phone, phones masked.
 */
export interface CustomerCandidate extends SidebarCustomer {
  pets: { id: string; name: string; species: 'dog' | 'cat' | 'other' }[]
  /** The WeCom customer this record is bound to now, if any. */
  boundTo: string | null
}

/**
 * `POST /api/sidebar/bindings`: bind `externalUserId` to a record by
 * `customerId` or `phone`, or create one with `create`; answers the chat's
 * new `SidebarView`. `DELETE /api/sidebar/bindings/:externalUserId` ends it
 * (204).
 */
export interface BindRequest {
  externalUserId: string
  customerId?: string
  phone?: string
  create?: { name: string; phone?: string; hospitalId?: string }
}

export type QuickReplyScope = 'head_office' | 'region' | 'personal'

/** A prepared message; `filled` has the variables of the current chat. */
export interface QuickReply {
  id: string
  scope: QuickReplyScope
  category: string
  title: string
  kind: 'text' | 'link' | 'image'
  /** The template, with `{{petName}}`, `{{customerName}}`, `{{hospital}}`, `{{dueDate}}`, `{{memberName}}`. */
  content: string
  /** The template with the variables filled; unknown ones stay as `{{…}}`. */
  filled: string
  /** Variables the chat could not fill. */
  missing: string[]
  link: { url: string; title: string; desc: string; imgUrl: string } | null
  imageUrl: string | null
}

/** `GET /api/sidebar/quick-replies?externalUserId=|chatId=&petId=&q=`. */
export interface QuickReplyList {
  categories: string[]
  replies: QuickReply[]
}

/**
 * `POST /api/sidebar/notes` answers the new `FollowUpNote` (201);
 * `PATCH /api/sidebar/notes/:id` with `{ done }` answers it changed.
 */
export interface NoteRequest {
  externalUserId?: string
  chatId?: string
  petId?: string
  text: string
  remindOn?: string
}

/**
 * `GET /api/demo/chats?q=` (demo mode only): the chats the browser bridge
 * offers the signed-in member, those they may open (a butler their own, a
 * doctor or region admin also their hospitals' or region's, head office
 * some of all), at most 40 of each kind; `q` searches a name, customer ID,
 * pet name or the last digits of a phone.
 */
export interface DemoChats {
  /** False until the demo corp has been synced, a minute or so after the first start. */
  ready: boolean
  /** More chats match than are listed: a search narrows them. */
  more: boolean
  contacts: {
    externalUserId: string
    name: string
    /** The hospital record bound, if any, to tell equal names apart. */
    customerId: string | null
    hospital: string | null
    petNames: string[]
  }[]
  groups: { chatId: string; name: string; owner: string | null }[]
}
