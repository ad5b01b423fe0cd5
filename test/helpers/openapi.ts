/**
 * Conformance against Okta's official Management API description (`../shared/okta`): validates
 * response bodies against an operation's response schema with a JSON-Schema validator (Ajv), and
 * request query parameters against the operation's declared parameters.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

const SPEC_PATH = fileURLToPath(new URL('../../../shared/okta/okta-management-openapi.yaml', import.meta.url));

type Json = Record<string, any>;
let spec: Json | undefined;
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The parsed spec (parsed once per test file). */
export function oktaSpec(): Json {
  if (!spec) spec = parse(readFileSync(SPEC_PATH, 'utf8'), { maxAliasCount: -1 }) as Json;
  return spec;
}

function validator(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, discriminator: false });
    const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    // OpenAPI formats Ajv does not know; their type is still checked.
    for (const f of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password', 'uri-reference', 'country-code', 'language-code', 'ipv4', 'ipv6']) {
      if (!ajv.formats[f]) ajv.addFormat(f, true);
    }
    // Example values hold `$id`/`$schema` keys of their own (Okta's schema documents), which Ajv
    // would take for schema identifiers: validate against a copy without examples.
    ajv.addSchema({ ...(withoutExamples(oktaSpec()) as Json), $id: 'okta' } as object, 'okta');
  }
  return ajv;
}

function withoutExamples(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutExamples);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Json)
      .filter(([k]) => k !== 'example' && k !== 'examples' && k !== 'x-okta-example-ref')
      .map(([k, v]) => [k, withoutExamples(v)]),
  );
}

function operation(method: string, path: string): Json {
  const op = oktaSpec().paths?.[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`the spec has no operation ${method} ${path}`);
  return op;
}

function resolveRef(node: Json): Json {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    const parts = (current.$ref as string).replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    current = parts.reduce((acc: any, p) => acc?.[p], oktaSpec());
  }
  return current;
}

/** JSON pointer of an operation's response schema, for Ajv's `okta#/…` references. */
function responsePointer(method: string, path: string, status: number): string {
  const op = operation(method, path);
  const responses = op.responses ?? {};
  const key = responses[String(status)] ? String(status) : responses[`${String(status)[0]}XX`] ? `${String(status)[0]}XX` : 'default';
  const response = responses[key];
  if (!response) throw new Error(`the spec has no ${status} response for ${method} ${path}`);
  const escaped = path.replace(/~/g, '~0').replace(/\//g, '~1');
  const resolved = resolveRef(response);
  if (response.$ref) {
    return `okta${response.$ref}/content/application~1json/schema`;
  }
  if (!resolved.content?.['application/json']?.schema) throw new Error(`no JSON schema for ${status} of ${method} ${path}`);
  return `okta#/paths/${escaped}/${method.toLowerCase()}/responses/${key}/content/application~1json/schema`;
}

/**
 * Validates a response body against the spec.
 * @returns the validation errors (empty when the body conforms).
 */
export function responseErrors(method: string, path: string, status: number, body: unknown): string[] {
  const pointer = responsePointer(method, path, status);
  let validate = compiled.get(pointer);
  if (!validate) {
    validate = validator().compile({ $ref: pointer });
    compiled.set(pointer, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/**
 * Checks a request against the operation's parameters: every query parameter must be declared,
 * and its value must fit the declared schema; required ones must be present.
 * @returns the problems (empty when the request conforms).
 */
export function requestErrors(method: string, path: string, url: string | URL): string[] {
  const op = operation(method, path);
  const pathItem = oktaSpec().paths[path];
  const params = [...(pathItem.parameters ?? []), ...(op.parameters ?? [])].map(resolveRef);
  const query = params.filter((p) => p.in === 'query');
  const u = new URL(url, 'http://x');
  const problems: string[] = [];
  for (const [name, value] of u.searchParams) {
    const p = query.find((q) => q.name === name);
    if (!p) {
      problems.push(`query parameter ${name} is not declared by ${method} ${path}`);
      continue;
    }
    const schema = resolveRef(p.schema ?? {});
    const v = schema.type === 'integer' || schema.type === 'number' ? Number(value) : schema.type === 'boolean' ? value === 'true' ? true : value === 'false' ? false : value : value;
    const validate = validator().compile(schema);
    if (!validate(v)) problems.push(`query parameter ${name}=${value}: ${validate.errors?.[0]?.message}`);
  }
  for (const p of query.filter((q) => q.required)) {
    if (!u.searchParams.has(p.name)) problems.push(`required query parameter ${p.name} missing`);
  }
  return problems;
}
