/**
 * Validation against a named schema of Okta's spec (`components.schemas.X`). The operation-level
 * check of `helpers/openapi.ts` validates an app only against the `Application` base schema (the
 * spec's discriminator is not evaluated); this one checks the sign-on-mode subtype as well.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { oktaSpec } from '../helpers/openapi.js';

type Json = Record<string, unknown>;
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The spec without example values, and without `nullable` where no `type` goes with it (Ajv refuses those). */
function prepared(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prepared);
  if (!node || typeof node !== 'object') return node;
  const typed = 'type' in (node as Json);
  return Object.fromEntries(
    Object.entries(node as Json)
      .filter(([k]) => k !== 'example' && k !== 'examples' && k !== 'x-okta-example-ref' && !(k === 'nullable' && !typed))
      .map(([k, v]) => [k, prepared(v)]),
  );
}

function validator(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, discriminator: false });
    const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    for (const f of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password', 'uri-reference', 'country-code', 'language-code', 'ipv4', 'ipv6']) {
      if (!ajv.formats[f]) ajv.addFormat(f, true);
    }
    ajv.addSchema({ ...(prepared(oktaSpec()) as Json), $id: 'okta' }, 'okta');
  }
  return ajv;
}

/** Errors of `value` against `components.schemas[name]` (empty when it conforms). */
export function schemaErrors(name: string, value: unknown): string[] {
  let validate = compiled.get(name);
  if (!validate) {
    validate = validator().compile({ $ref: `okta#/components/schemas/${name}` });
    compiled.set(name, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** The schema the spec's discriminator maps an app's `signOnMode` to (`SamlApplication`, ...). */
export function appSchemaOf(signOnMode: string): string {
  const mapping = (oktaSpec().components.schemas.Application.discriminator.mapping ?? {}) as Record<string, string>;
  const ref = mapping[signOnMode];
  if (!ref) throw new Error(`no Application subtype for ${signOnMode}`);
  return ref.split('/').pop()!;
}
