/**
 * A local Chatwoot (Application API) for the workerd tests and `npm run dev`: every request is validated
 * against the operation in ../shared/specs/chatwoot/swagger.json (passed in: the fake reads no files), state is
 * kept like Chatwoot keeps it (identifier and email unique per account → 422, contact inboxes by source_id,
 * conversation custom attributes and labels REPLACED, contact PUT MERGES), and faults can be injected.
 * Inspect with `fake.state()` or `GET /__state`.
 */
import { type MatchedOperation, type OpenApiDocument, createSpecValidator } from './openapi';

export interface FakeAccountOptions {
  id: number;
  token: string;
  inboxes: number[];
}

export type Fault = { status: number; body?: unknown; retryAfter?: string } | { hang: true };

interface Contact {
  id: number;
  name: string | null;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  custom_attributes: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
}

interface ContactInbox {
  id: number;
  contact_id: number;
  inbox_id: number;
  source_id: string;
}

interface Message {
  id: number;
  content: string;
  message_type: string;
  private: boolean;
  content_type: string;
  /** Like Chatwoot: an incoming message is the contact's, anything else the agent's (the token's user). */
  sender_type: 'contact' | 'user';
  created_at: number;
}

interface Conversation {
  id: number;
  account_id: number;
  inbox_id: number;
  contact_id: number;
  source_id: string;
  status: string;
  custom_attributes: Record<string, unknown>;
  labels: string[];
  assignee_id: number | null;
  team_id: number | null;
  priority: string | null;
  messages: Message[];
}

interface Account {
  id: number;
  token: string;
  inboxes: number[];
  contacts: Contact[];
  contact_inboxes: ContactInbox[];
  conversations: Conversation[];
  labels: { id: number; title: string; description: string | null; color: string | null; show_on_sidebar: boolean }[];
  custom_attribute_definitions: {
    id: number;
    attribute_key: string;
    attribute_model: number;
    attribute_display_name: string;
    attribute_display_type: number;
  }[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  operationId: string | null;
  accountId: number | null;
  token: string | null;
  body: unknown;
  status: number;
}

type Json = Record<string, unknown>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

// Ids are unique across fake instances in one process, like Chatwoot's within an account: D1 rows written by one
// test (chatwoot_links is unique on the conversation id) never collide with the next test's fresh fake.
let nextId = 1;
const id = () => nextId++;

export function createChatwootFake(options: { spec: OpenApiDocument; accounts: FakeAccountOptions[]; basePath?: string }) {
  const validator = createSpecValidator(options.spec);
  const accounts = new Map<number, Account>();
  const faults: { count: number; fault: Fault; operationId: string | null }[] = [];
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];

  function reset(): void {
    accounts.clear();
    for (const account of options.accounts) {
      accounts.set(account.id, {
        ...account,
        contacts: [],
        contact_inboxes: [],
        conversations: [],
        labels: [],
        custom_attribute_definitions: [],
      });
    }
    faults.length = 0;
    requests.length = 0;
    violations.length = 0;
  }
  reset();

  function takeFault(operationId: string): Fault | null {
    const index = faults.findIndex((item) => item.operationId === null || item.operationId === operationId);
    const entry = faults[index];
    if (!entry) return null;
    entry.count -= 1;
    if (entry.count <= 0) faults.splice(index, 1);
    return entry.fault;
  }

  function contactView(account: Account, contact: Contact): Json {
    return {
      ...contact,
      contact_inboxes: account.contact_inboxes
        .filter((item) => item.contact_id === contact.id)
        .map((item) => ({ source_id: item.source_id, inbox: { id: item.inbox_id } })),
    };
  }

  function duplicateOf(
    account: Account,
    fields: { identifier?: string | null; email?: string | null; phone_number?: string | null },
    except: number | null,
  ): string | null {
    for (const contact of account.contacts) {
      if (contact.id === except) continue;
      if (fields.identifier && contact.identifier === fields.identifier) return 'Identifier has already been taken';
      if (fields.email && contact.email?.toLowerCase() === fields.email.toLowerCase()) return 'Email has already been taken';
      if (fields.phone_number && contact.phone_number === fields.phone_number) return 'Phone number has already been taken';
    }
    return null;
  }

  function conversationOf(account: Account, params: Record<string, string>): Conversation | undefined {
    return account.conversations.find((item) => item.id === Number(params.conversation_id));
  }

  const handlers: Record<string, (account: Account, params: Record<string, string>, body: Json, url: URL) => Response> = {
    contactCreate(account, _params, body) {
      const fields = { identifier: str(body.identifier), email: str(body.email), phone_number: str(body.phone_number) };
      const duplicate = duplicateOf(account, fields, null);
      if (duplicate) return json(422, { message: duplicate, attributes: [duplicate.split(' ')[0]?.toLowerCase()] });
      const inboxId = num(body.inbox_id);
      if (inboxId === null || !account.inboxes.includes(inboxId)) return json(404, { error: 'Resource could not be found' });
      const contact: Contact = {
        id: id(),
        name: str(body.name),
        ...fields,
        custom_attributes: record(body.custom_attributes),
        additional_attributes: record(body.additional_attributes),
      };
      account.contacts.push(contact);
      const contactInbox = { id: id(), contact_id: contact.id, inbox_id: inboxId, source_id: crypto.randomUUID() };
      account.contact_inboxes.push(contactInbox);
      return json(200, {
        payload: { contact: contactView(account, contact), contact_inbox: { source_id: contactInbox.source_id, inbox: { id: inboxId } } },
      });
    },
    contactSearch(account, _params, _body, url) {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      const found = account.contacts.filter((contact) =>
        [contact.name, contact.email, contact.phone_number, contact.identifier].some((value) => value?.toLowerCase().includes(q)),
      );
      return json(200, { meta: { count: found.length, current_page: 1 }, payload: found.map((contact) => contactView(account, contact)) });
    },
    contactDetails(account, params) {
      const contact = account.contacts.find((item) => item.id === Number(params.id));
      return contact ? json(200, { payload: contactView(account, contact) }) : json(404, { error: 'Resource could not be found' });
    },
    contactUpdate(account, params, body) {
      const contact = account.contacts.find((item) => item.id === Number(params.id));
      if (!contact) return json(404, { error: 'Resource could not be found' });
      const duplicate = duplicateOf(
        account,
        { identifier: str(body.identifier), email: str(body.email), phone_number: str(body.phone_number) },
        contact.id,
      );
      if (duplicate) return json(422, { message: duplicate });
      for (const key of ['name', 'email', 'phone_number', 'identifier'] as const) if (key in body) contact[key] = str(body[key]);
      // Chatwoot merges custom attributes on contact update.
      if ('custom_attributes' in body) contact.custom_attributes = { ...contact.custom_attributes, ...record(body.custom_attributes) };
      return json(200, { payload: contactView(account, contact) });
    },
    contactDelete(account, params) {
      // Chatwoot deletes the contact with its contact inboxes and conversations.
      const contactId = Number(params.id);
      if (!account.contacts.some((item) => item.id === contactId)) return json(404, { error: 'Resource could not be found' });
      account.contacts = account.contacts.filter((item) => item.id !== contactId);
      account.contact_inboxes = account.contact_inboxes.filter((item) => item.contact_id !== contactId);
      account.conversations = account.conversations.filter((item) => item.contact_id !== contactId);
      return json(200, {});
    },
    contactInboxCreation(account, params, body) {
      const contactId = Number(params.id);
      const inboxId = num(body.inbox_id);
      if (!account.contacts.some((item) => item.id === contactId)) return json(404, { error: 'Resource could not be found' });
      if (inboxId === null || !account.inboxes.includes(inboxId)) return json(422, { message: 'Inbox not found' });
      const sourceId = str(body.source_id) ?? crypto.randomUUID();
      const existing = account.contact_inboxes.find((item) => item.inbox_id === inboxId && item.source_id === sourceId);
      if (existing && existing.contact_id !== contactId) return json(422, { message: 'Source has already been taken' });
      const contactInbox = existing ?? { id: id(), contact_id: contactId, inbox_id: inboxId, source_id: sourceId };
      if (!existing) account.contact_inboxes.push(contactInbox);
      return json(200, { source_id: contactInbox.source_id, inbox: { id: inboxId } });
    },
    contactConversations(account, params) {
      return json(200, { payload: account.conversations.filter((item) => item.contact_id === Number(params.id)) });
    },
    newConversation(account, _params, body) {
      const sourceId = str(body.source_id) ?? '';
      const contactInbox = account.contact_inboxes.find(
        (item) => item.source_id === sourceId && (body.inbox_id === undefined || item.inbox_id === body.inbox_id),
      );
      if (!contactInbox) return json(422, { message: 'Contact inbox not found for source_id' });
      if (body.contact_id !== undefined && body.contact_id !== contactInbox.contact_id)
        return json(422, { message: 'source_id belongs to another contact' });
      const conversation: Conversation = {
        id: id(),
        account_id: account.id,
        inbox_id: contactInbox.inbox_id,
        contact_id: contactInbox.contact_id,
        source_id: sourceId,
        status: str(body.status) ?? 'open',
        custom_attributes: record(body.custom_attributes),
        labels: [],
        assignee_id: num(body.assignee_id),
        team_id: num(body.team_id),
        priority: null,
        messages: [],
      };
      account.conversations.push(conversation);
      return json(200, { id: conversation.id, account_id: account.id, inbox_id: conversation.inbox_id });
    },
    'get-details-of-a-conversation'(account, params) {
      const conversation = conversationOf(account, params);
      return conversation ? json(200, conversation) : json(404, { error: 'Resource could not be found' });
    },
    'update-custom-attributes-of-a-conversation'(account, params, body) {
      const conversation = conversationOf(account, params);
      if (!conversation) return json(404, { error: 'Resource could not be found' });
      conversation.custom_attributes = record(body.custom_attributes); // REPLACE, like Chatwoot
      return json(200, { custom_attributes: conversation.custom_attributes });
    },
    'conversation-add-labels'(account, params, body) {
      const conversation = conversationOf(account, params);
      if (!conversation) return json(404, { error: 'Resource could not be found' });
      conversation.labels = Array.isArray(body.labels) ? body.labels.filter((label): label is string => typeof label === 'string') : []; // REPLACE
      return json(200, { payload: conversation.labels });
    },
    'create-a-new-message-in-a-conversation'(account, params, body) {
      const conversation = conversationOf(account, params);
      if (!conversation) return json(404, { error: 'Resource could not be found' });
      const messageType = str(body.message_type) ?? 'outgoing';
      const message: Message = {
        id: id(),
        content: str(body.content) ?? '',
        message_type: messageType,
        private: body.private === true,
        content_type: str(body.content_type) ?? 'text',
        sender_type: messageType === 'incoming' ? 'contact' : 'user',
        created_at: Math.floor(Date.now() / 1000),
      };
      conversation.messages.push(message);
      // Chatwoot reopens a resolved conversation when the contact writes again.
      if (messageType === 'incoming' && conversation.status === 'resolved') conversation.status = 'open';
      return json(200, { ...message, conversation_id: conversation.id });
    },
    'assign-a-conversation'(account, params, body) {
      const conversation = conversationOf(account, params);
      if (!conversation) return json(404, { error: 'Resource could not be found' });
      if (num(body.assignee_id) !== null) conversation.assignee_id = num(body.assignee_id);
      else conversation.team_id = num(body.team_id);
      return json(200, { id: conversation.assignee_id ?? conversation.team_id });
    },
    'toggle-priority-of-a-conversation'(account, params, body) {
      const conversation = conversationOf(account, params);
      if (!conversation) return json(404, { error: 'Resource could not be found' });
      conversation.priority = str(body.priority);
      return json(200, { id: conversation.id, priority: conversation.priority });
    },
    'get-account-custom-attribute'(account, _params, _body, url) {
      const model = Number(url.searchParams.get('attribute_model'));
      return json(
        200,
        account.custom_attribute_definitions.filter((item) => item.attribute_model === model),
      );
    },
    'add-new-custom-attribute-to-account'(account, _params, body) {
      const key = str(body.attribute_key);
      const model = num(body.attribute_model) ?? 0;
      if (!key) return json(422, { message: 'Attribute key is required' });
      if (account.custom_attribute_definitions.some((item) => item.attribute_key === key && item.attribute_model === model)) {
        return json(422, { message: 'Attribute key has already been taken' });
      }
      const definition = {
        id: id(),
        attribute_key: key,
        attribute_model: model,
        attribute_display_name: str(body.attribute_display_name) ?? key,
        attribute_display_type: num(body.attribute_display_type) ?? 0,
      };
      account.custom_attribute_definitions.push(definition);
      return json(200, definition);
    },
    'list-all-labels'(account) {
      return json(200, { payload: account.labels });
    },
    'create-a-label'(account, _params, body) {
      const title = str(body.title)?.toLowerCase() ?? '';
      if (!/^[\p{L}\p{N}_-]+$/u.test(title)) return json(422, { message: 'Title is invalid' });
      if (account.labels.some((label) => label.title === title)) return json(422, { message: 'Title has already been taken' });
      const label = {
        id: id(),
        title,
        description: str(body.description),
        color: str(body.color),
        show_on_sidebar: body.show_on_sidebar === true,
      };
      account.labels.push(label);
      return json(200, label);
    },
  };

  function hang(request: Request): Promise<Response> {
    // Like a server that never answers: only the caller's AbortSignal ends the wait.
    return new Promise((_, reject) => {
      const signal = request.signal;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path =
      options.basePath && url.pathname.startsWith(options.basePath) ? url.pathname.slice(options.basePath.length) || '/' : url.pathname;
    if (request.method === 'GET' && path === '/__state') return json(200, state());
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    let body: unknown = null;
    let parseError = false;
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        parseError = true;
      }
    }
    const token = request.headers.get('api_access_token');
    const matched: MatchedOperation | null = validator.match(request.method, path);
    const entry: RecordedRequest = {
      method: request.method,
      path,
      operationId: matched?.operationId ?? null,
      accountId: null,
      token,
      body,
      status: 0,
    };
    requests.push(entry);
    const answer = (response: Response) => {
      entry.status = response.status;
      return response;
    };
    if (!matched) {
      violations.push(`${request.method} ${path}: no such operation in the spec`);
      return answer(json(404, { error: 'no such operation in the spec' }));
    }
    const problems = parseError
      ? ['body is not JSON']
      : validator.validate(matched, url, request.headers, body, text !== '', request.headers.get('content-type'));
    if (problems.length > 0) {
      violations.push(...problems.map((problem) => `${matched.operationId}: ${problem}`));
      return answer(json(400, { error: 'request does not match the spec', operation: matched.operationId, problems }));
    }
    const fault = takeFault(matched.operationId);
    if (fault) {
      if ('hang' in fault) return hang(request);
      const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
      return answer(json(fault.status, fault.body ?? { error: `injected ${fault.status}` }, headers));
    }
    const accountId = Number(matched.params.account_id);
    entry.accountId = Number.isFinite(accountId) ? accountId : null;
    const account = accounts.get(accountId);
    if (!account || token !== account.token) return answer(json(401, { error: 'Invalid Access Token' }));
    const handler = handlers[matched.operationId];
    if (!handler) return answer(json(501, { error: `the fake does not implement ${matched.operationId}` }));
    return answer(handler(account, matched.params, record(body), url));
  }

  function state() {
    return {
      accounts: Object.fromEntries([...accounts.values()].map(({ token: _token, ...account }) => [account.id, account])),
      requests: requests.length,
      violations: [...violations],
    };
  }

  return {
    handle,
    /** The next `count` calls (of `operationId`, or any) answer with `fault` instead. */
    failNext(count: number, fault: Fault, operationId: string | null = null): void {
      faults.push({ count, fault, operationId });
    },
    account(accountId: number): Account {
      const account = accounts.get(accountId);
      if (!account) throw new Error(`the fake has no account ${accountId}`);
      return account;
    },
    requests,
    violations,
    state,
    reset,
  };
}

export type ChatwootFake = ReturnType<typeof createChatwootFake>;
