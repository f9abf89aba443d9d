/**
 * A local HubSpot (CRM v3 contacts and properties) for the workerd tests. Every request is checked against
 * ../shared/specs/hubspot/*.json (spec-validator.ts); state is kept like a portal keeps it: one portal per private-app
 * token, email unique per portal (409 on a plain create of a known email), batch upsert by email with 200 or 207
 * per-input results, custom properties that must exist (400 PROPERTY_DOESNT_EXIST) and that the Properties API
 * creates, and Lead objects (leads-v3) that must be associated to an existing contact of the portal, as HubSpot
 * refuses a Lead without one. Faults (500, 429 with HubSpot's policy body, timeouts, validation errors) come from `faults`.
 */
import { FaultQueue, answerFault, json, record, type SeenRequest } from './faults';
import { SpecViolation, checkRequest, type SpecName } from './spec-validator';

/** Contact properties every portal has (a subset of HubSpot's defaults). */
const DEFAULT_PROPERTIES = ['email', 'firstname', 'lastname', 'phone', 'company', 'website', 'country', 'lifecyclestage', 'hs_lead_status'];

export interface HubspotContact {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** objectWriteTraceIds of the writes that touched it. */
  traces: string[];
}

export interface HubspotLead {
  id: string;
  properties: Record<string, string>;
  /** Contact ids with the association type ids that link them. */
  contacts: { id: string; typeIds: number[] }[];
  createdAt: string;
}

/** Lead → contact association types HubSpot defines (578 "Lead to primary contact", 608 "Lead to contact"). */
const LEAD_TO_CONTACT_TYPES = new Set([578, 608]);

export interface HubspotPortal {
  id: number;
  contacts: Map<string, HubspotContact>;
  leads: Map<string, HubspotLead>;
  properties: Map<string, { name: string; type: string; fieldType: string; groupName: string; label: string }>;
}

function now(): string {
  return new Date().toISOString();
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export class HubspotFake {
  readonly requests: SeenRequest[] = [];
  readonly faults = new FaultQueue();
  /** Requests that did not conform to the spec (answered 400): a test asserts this stays empty. */
  readonly violations: string[] = [];
  readonly portals = new Map<string, HubspotPortal>();
  /** Contact ids permanently deleted by GDPR delete. */
  readonly gdprDeleted: string[] = [];
  private nextId = 1000;

  constructor(readonly origin = 'https://api.hubapi.test') {}

  /** A portal reachable with `token` (a private-app token). */
  addPortal(token: string, id = this.portals.size + 1): HubspotPortal {
    const portal: HubspotPortal = { id, contacts: new Map(), leads: new Map(), properties: new Map() };
    for (const name of DEFAULT_PROPERTIES)
      portal.properties.set(name, { name, type: 'string', fieldType: 'text', groupName: 'contactinformation', label: name });
    this.portals.set(token, portal);
    return portal;
  }

  contactsOf(token: string): HubspotContact[] {
    return [...(this.portals.get(token)?.contacts.values() ?? [])];
  }

  leadsOf(token: string): HubspotLead[] {
    return [...(this.portals.get(token)?.leads.values() ?? [])];
  }

  /** Answers 429 the way HubSpot does when the ten-secondly limit is hit. */
  rateLimitNext(times = 1, retryAfterSeconds = 10): void {
    this.faults.inject(
      {
        kind: 'status',
        status: 429,
        headers: {
          'retry-after': String(retryAfterSeconds),
          'x-hubspot-ratelimit-interval-milliseconds': '10000',
          'x-hubspot-ratelimit-max': '100',
          'x-hubspot-ratelimit-remaining': '0',
        },
        body: {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: crypto.randomUUID(),
          policyName: 'TEN_SECONDLY_ROLLING',
          groupName: 'publicapi:private-app:1',
        },
      },
      { times },
    );
  }

  readonly handle = async (request: Request): Promise<Response> => {
    await record(request, this.requests);
    const fault = this.faults.take(request);
    // 'lost': HubSpot does the work, the answer never arrives.
    if (fault && fault.kind !== 'lost') return answerFault(fault, request);
    const url = new URL(request.url);
    const spec: SpecName = url.pathname.startsWith('/crm/v3/properties/')
      ? 'hubspot-properties'
      : url.pathname.startsWith('/crm/v3/objects/leads')
        ? 'hubspot-leads'
        : 'hubspot-contacts';
    let checked;
    try {
      checked = await checkRequest(spec, request, url.pathname);
    } catch (error) {
      if (!(error instanceof SpecViolation)) throw error;
      this.violations.push(error.message);
      return json({ status: 'error', message: error.message, correlationId: crypto.randomUUID(), category: 'VALIDATION_ERROR' }, 400);
    }
    const token = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
    const portal = this.portals.get(token);
    if (!portal)
      return json(
        {
          status: 'error',
          message: 'Authentication credentials not found.',
          correlationId: crypto.randomUUID(),
          category: 'INVALID_AUTHENTICATION',
        },
        401,
      );
    const headers = {
      'x-hubspot-ratelimit-max': '100',
      'x-hubspot-ratelimit-remaining': '99',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
    };
    const answer = this.route(portal, checked.operation.operationId, checked.params, checked.body, url.searchParams);
    for (const [name, value] of Object.entries(headers)) answer.headers.set(name, value);
    return fault ? answerFault(fault, request) : answer;
  };

  private route(
    portal: HubspotPortal,
    operationId: string,
    params: Record<string, string>,
    body: unknown,
    query: URLSearchParams,
  ): Response {
    switch (operationId) {
      case 'get-/crm/v3/objects/contacts/{contactId}_getById':
        return this.readContact(portal, params.contactId ?? '', query);
      case 'post-/crm/v3/objects/contacts/batch/upsert_upsert':
        return this.batchUpsert(
          portal,
          body as { inputs: { id: string; idProperty?: string; objectWriteTraceId?: string; properties: Record<string, string> }[] },
        );
      case 'post-/crm/v3/objects/contacts_create':
        return this.create(portal, body as { properties: Record<string, string> });
      case 'patch-/crm/v3/objects/contacts/{contactId}_update':
        return this.update(portal, params.contactId ?? '', body as { properties: Record<string, string> });
      case 'post-/crm/v3/objects/leads_create':
        return this.createLead(
          portal,
          body as {
            properties: Record<string, string>;
            associations: { to: { id: string }; types: { associationCategory: string; associationTypeId: number }[] }[];
          },
        );
      case 'post-/crm/v3/objects/contacts/gdpr-delete_purge':
        return this.gdprDelete(portal, body as { objectId: string; idProperty?: string });
      case 'delete-/crm/v3/objects/leads/{leadsId}_archive':
        return portal.leads.delete(params.leadsId ?? '') ? new Response(null, { status: 204 }) : notFound();
      case 'get-/crm/v3/properties/{objectType}_getAll':
        return json({ results: [...portal.properties.values()].map((p) => ({ ...p, description: '', options: [] })) });
      case 'post-/crm/v3/properties/{objectType}/batch/create_create':
        return this.createProperties(
          portal,
          body as { inputs: { name: string; type: string; fieldType: string; groupName: string; label: string }[] },
        );
      default:
        return json({ status: 'error', message: `the fake does not implement ${operationId}`, category: 'NOT_IMPLEMENTED' }, 501);
    }
  }

  /** Property names the portal lacks, as HubSpot's PROPERTY_DOESNT_EXIST validation error (400 for the whole call). */
  private missingProperties(portal: HubspotPortal, properties: Record<string, string>[]): Response | null {
    const missing = [...new Set(properties.flatMap((p) => Object.keys(p)).filter((name) => !portal.properties.has(name)))];
    if (missing.length === 0) return null;
    const detail = missing.map((name) => ({
      isValid: false,
      message: `Property "${name}" does not exist`,
      error: 'PROPERTY_DOESNT_EXIST',
      name,
      localizedErrorMessage: `Property "${name}" does not exist`,
    }));
    return json(
      {
        status: 'error',
        message: `Property values were not valid: ${JSON.stringify(detail)}`,
        correlationId: crypto.randomUUID(),
        category: 'VALIDATION_ERROR',
        errors: missing.map((name) => ({
          message: `Property "${name}" does not exist`,
          code: 'PROPERTY_DOESNT_EXIST',
          context: { propertyName: [name] },
        })),
      },
      400,
    );
  }

  private findByEmail(portal: HubspotPortal, email: string): HubspotContact | undefined {
    return [...portal.contacts.values()].find((contact) => contact.properties.email === email.toLowerCase());
  }

  private insert(portal: HubspotPortal, properties: Record<string, string>, trace: string | null): HubspotContact {
    const at = now();
    const contact: HubspotContact = {
      id: String(this.nextId++),
      properties: { ...properties },
      createdAt: at,
      updatedAt: at,
      traces: trace ? [trace] : [],
    };
    if (contact.properties.email) contact.properties.email = contact.properties.email.toLowerCase();
    portal.contacts.set(contact.id, contact);
    return contact;
  }

  private batchUpsert(
    portal: HubspotPortal,
    body: { inputs: { id: string; idProperty?: string; objectWriteTraceId?: string; properties: Record<string, string> }[] },
  ): Response {
    if (body.inputs.length > 100)
      return json(
        { status: 'error', message: 'Batch size exceeds 100', category: 'VALIDATION_ERROR', correlationId: crypto.randomUUID() },
        400,
      );
    const invalid = this.missingProperties(
      portal,
      body.inputs.map((input) => input.properties),
    );
    if (invalid) return invalid;
    const startedAt = now();
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of body.inputs) {
      if (input.idProperty !== 'email') {
        errors.push(standardError('VALIDATION_ERROR', `idProperty ${input.idProperty ?? '(none)'} is not a unique property`, input.id));
        continue;
      }
      if (!EMAIL.test(input.id)) {
        errors.push(standardError('VALIDATION_ERROR', `Email address ${input.id} is invalid`, input.id, 'INVALID_EMAIL'));
        continue;
      }
      const existing = this.findByEmail(portal, input.id);
      const trace = input.objectWriteTraceId ?? null;
      const contact = existing ?? this.insert(portal, { ...input.properties, email: input.id }, trace);
      if (existing) {
        Object.assign(existing.properties, input.properties, { email: existing.properties.email });
        existing.updatedAt = now();
        if (trace) existing.traces.push(trace);
      }
      results.push({
        id: contact.id,
        properties: contact.properties,
        createdAt: contact.createdAt,
        updatedAt: contact.updatedAt,
        archived: false,
        new: !existing,
        ...(trace ? { objectWriteTraceId: trace } : {}),
      });
    }
    const status = errors.length > 0 ? 207 : 200;
    return json(
      { status: 'COMPLETE', results, ...(errors.length > 0 ? { errors, numErrors: errors.length } : {}), startedAt, completedAt: now() },
      status,
    );
  }

  private create(portal: HubspotPortal, body: { properties: Record<string, string> }): Response {
    const invalid = this.missingProperties(portal, [body.properties]);
    if (invalid) return invalid;
    const email = body.properties.email;
    const existing = email ? this.findByEmail(portal, email) : undefined;
    if (existing)
      return json(
        {
          status: 'error',
          message: `Contact already exists. Existing ID: ${existing.id}`,
          correlationId: crypto.randomUUID(),
          category: 'CONFLICT',
        },
        409,
      );
    const contact = this.insert(portal, body.properties, null);
    return json(
      { id: contact.id, properties: contact.properties, createdAt: contact.createdAt, updatedAt: contact.updatedAt, archived: false },
      201,
    );
  }

  /** One contact; with `associations=leads`, the Leads associated to it (SimplePublicObjectWithAssociations). */
  private readContact(portal: HubspotPortal, id: string, query: URLSearchParams): Response {
    const contact = portal.contacts.get(id);
    if (!contact) return notFound();
    const wanted = query.getAll('associations').flatMap((value) => value.split(','));
    const leads = [...portal.leads.values()].filter((lead) => lead.contacts.some((item) => item.id === contact.id));
    return json({
      ...publicObject(contact),
      ...(wanted.includes('leads') && leads.length > 0
        ? { associations: { leads: { results: leads.map((lead) => ({ id: lead.id, type: 'contact_to_lead' })) } } }
        : {}),
    });
  }

  private update(portal: HubspotPortal, id: string, body: { properties: Record<string, string> }): Response {
    const contact = portal.contacts.get(id);
    if (!contact) return notFound();
    const invalid = this.missingProperties(portal, [body.properties]);
    if (invalid) return invalid;
    Object.assign(contact.properties, body.properties);
    contact.updatedAt = now();
    return json(publicObject(contact));
  }

  private createLead(
    portal: HubspotPortal,
    body: {
      properties: Record<string, string>;
      associations: { to: { id: string }; types: { associationCategory: string; associationTypeId: number }[] }[];
    },
  ): Response {
    const error = (message: string) =>
      json({ status: 'error', message, correlationId: crypto.randomUUID(), category: 'VALIDATION_ERROR' }, 400);
    if (!body.properties.hs_lead_name) return error('Property "hs_lead_name" is required to create a lead');
    const contacts: HubspotLead['contacts'] = [];
    for (const association of body.associations) {
      const typeIds = association.types
        .filter((type) => type.associationCategory === 'HUBSPOT_DEFINED' && LEAD_TO_CONTACT_TYPES.has(type.associationTypeId))
        .map((type) => type.associationTypeId);
      if (typeIds.length === 0) continue;
      if (!portal.contacts.has(association.to.id)) return error(`Contact ${association.to.id} does not exist`);
      contacts.push({ id: association.to.id, typeIds });
    }
    if (contacts.length === 0) return error('A lead must be associated to a contact at creation (Lead to primary contact, typeId 578)');
    const lead: HubspotLead = { id: String(this.nextId++), properties: { ...body.properties }, contacts, createdAt: now() };
    portal.leads.set(lead.id, lead);
    return json({ id: lead.id, properties: lead.properties, createdAt: lead.createdAt, updatedAt: lead.createdAt, archived: false }, 201);
  }

  /** GDPR delete: the contact (by id, or by email with idProperty=email) is gone for good, with its Lead associations. */
  private gdprDelete(portal: HubspotPortal, body: { objectId: string; idProperty?: string }): Response {
    const contact = body.idProperty === 'email' ? this.findByEmail(portal, body.objectId) : portal.contacts.get(body.objectId);
    if (!contact) return notFound();
    portal.contacts.delete(contact.id);
    this.gdprDeleted.push(contact.id);
    for (const lead of portal.leads.values()) lead.contacts = lead.contacts.filter((item) => item.id !== contact.id);
    return new Response(null, { status: 204 });
  }

  private createProperties(
    portal: HubspotPortal,
    body: { inputs: { name: string; type: string; fieldType: string; groupName: string; label: string }[] },
  ): Response {
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of body.inputs) {
      if (portal.properties.has(input.name)) {
        errors.push(
          standardError('OBJECT_ALREADY_EXISTS', `A property named '${input.name}' already exists.`, input.name, 'PROPERTY_EXISTS'),
        );
        continue;
      }
      const property = { name: input.name, type: input.type, fieldType: input.fieldType, groupName: input.groupName, label: input.label };
      portal.properties.set(input.name, property);
      results.push({ ...property, description: '', options: [] });
    }
    return json(
      {
        status: 'COMPLETE',
        results,
        ...(errors.length > 0 ? { errors, numErrors: errors.length } : {}),
        startedAt: now(),
        completedAt: now(),
      },
      errors.length > 0 ? 207 : 201,
    );
  }
}

function notFound(): Response {
  return json({ status: 'error', message: 'resource not found', correlationId: crypto.randomUUID(), category: 'OBJECT_NOT_FOUND' }, 404);
}

function standardError(category: string, message: string, id: string, code?: string) {
  return { status: 'error', category, message, context: { ids: [id] }, errors: code ? [{ message, code }] : [], links: {} };
}

/** A contact as HubSpot answers it (SimplePublicObject). */
function publicObject(contact: HubspotContact) {
  return { id: contact.id, properties: contact.properties, createdAt: contact.createdAt, updatedAt: contact.updatedAt, archived: false };
}
