import {
  defaultFieldResolver,
  getDirectiveValues,
  isObjectType,
  type DirectiveNode,
  type GraphQLError,
  type GraphQLDirective,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { ErrorCode, graphQLError } from '../errors.js';

/** The part of the request context the scope check reads. */
export interface ScopeContext {
  /** Scopes granted to the Okta credentials of this request. */
  grantedScopes: ReadonlySet<string>;
  /** Set when Okta cannot be called at all (not configured, not connected): reported first. */
  oktaUnavailable?: GraphQLError | undefined;
}

const APPLIES = Symbol('scopeCheckApplies');

/**
 * Marks a resolver whose scope check only matters for some parents: a log target's `user` resolves
 * to null without any Okta call unless the target is a user, so a missing users scope is only an
 * error for user targets (instead of one error per target of every type).
 */
export function scopedWhen<S, R extends (source: S, ...rest: never[]) => unknown>(applies: (source: S) => boolean, resolver: R): R {
  return Object.assign(resolver, { [APPLIES]: applies });
}

/** Throws when the request cannot satisfy `required`: no usable Okta credentials, or a missing scope. */
export function checkScopes(context: ScopeContext, required: ScopeRequirement): void {
  if (context.oktaUnavailable) throw context.oktaUnavailable;
  if (!hasScopes(context.grantedScopes, required)) throw scopeMissingError(required, context.grantedScopes);
}

/** Alternatives of required scopes: satisfied when every scope of one inner list is granted. */
export type ScopeRequirement = readonly (readonly string[])[];

/** True when `granted` satisfies `required`. */
export function hasScopes(granted: ReadonlySet<string>, required: ScopeRequirement): boolean {
  return required.some((all) => all.every((s) => granted.has(s)));
}

/** The field error for a missing scope, with what was needed and what is held. */
export function scopeMissingError(required: ScopeRequirement, granted: ReadonlySet<string>) {
  const wanted = required.map((all) => all.join(' + ')).join(' or ');
  return graphQLError(ErrorCode.OKTA_SCOPE_MISSING, `This needs the Okta scope ${wanted}, which the Okta credentials in use were not granted`, {
    requiredScopes: required,
    grantedScopes: [...granted].sort(),
  });
}

function requirementOf(directive: GraphQLDirective, nodes: ReadonlyArray<{ readonly directives?: ReadonlyArray<DirectiveNode> } | null | undefined>): ScopeRequirement | undefined {
  for (const node of nodes) {
    if (!node) continue;
    const values = getDirectiveValues(directive, node);
    if (values) return values.scopes as string[][];
  }
  return undefined;
}

/**
 * Enforces `@requiresOktaScopes` by wrapping resolvers in place: on a field it guards that field; on
 * a type it guards every field of the type and its federation `__resolveReference`, since `_entities`
 * reaches entities without passing through any Query field. The check runs before the resolver, so a
 * missing scope never costs an Okta call.
 */
export function applyOktaScopeDirective(
  schema: GraphQLSchema,
  options: {
    directiveName?: string;
    onRefused?: (typeName: string, fieldName: string, args: Record<string, unknown>, context: unknown, error: GraphQLError) => void;
  } = {},
): GraphQLSchema {
  const directiveName = options.directiveName ?? 'requiresOktaScopes';
  const directive = schema.getDirective(directiveName);
  if (!directive) return schema;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeRequirement = requirementOf(directive, [type.astNode, ...type.extensionASTNodes]);
    for (const field of Object.values(type.getFields())) {
      const requirement = requirementOf(directive, [field.astNode]) ?? typeRequirement;
      if (!requirement) continue;
      const resolve: GraphQLFieldResolver<unknown, ScopeContext> = field.resolve ?? defaultFieldResolver;
      const { onRefused } = options;
      const applies = (resolve as { [APPLIES]?: (source: unknown) => boolean })[APPLIES];
      field.resolve = (source, args, context, info) => {
        if (applies && !applies(source)) return resolve(source, args, context, info);
        try {
          checkScopes(context, requirement);
        } catch (err) {
          onRefused?.(type.name, field.name, args as Record<string, unknown>, context, err as GraphQLError);
          throw err;
        }
        return resolve(source, args, context, info);
      };
    }
    const subgraph = (type.extensions as { apollo?: { subgraph?: { resolveReference?: (...a: unknown[]) => unknown } } }).apollo?.subgraph;
    const resolveReference = subgraph?.resolveReference;
    if (typeRequirement && subgraph && resolveReference) {
      subgraph.resolveReference = async (reference: unknown, context: unknown, info: unknown) => {
        checkScopes(context as ScopeContext, typeRequirement);
        return resolveReference(reference, context, info);
      };
    }
  }
  return schema;
}
