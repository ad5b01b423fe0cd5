import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * How a field turns into Okta calls, estimated before execution from the operation alone:
 * connection sizes times nesting. For connections the estimate is an upper bound (full pages
 * everywhere, no deduplication); a list Okta does not page by request is counted as one page, so a
 * list longer than Okta's page (over 200 authorization-server scopes) costs more than estimated.
 */
type FieldCost =
  /** One page per parent; the page holds up to `first` items (argument default from the schema). */
  | { kind: 'page'; fallbackSize: number }
  /** One call per parent for a list Okta does not page (assumed `size` items). */
  | { kind: 'list'; size: number }
  /**
   * A by-id lookup batched `batch` keys per call (1: deduplicated only). Deduplicated lookups cost at
   * most `distinct` calls: the objects an org has of that kind (apps, authorization servers) are few.
   */
  | { kind: 'lookup'; batch: number; distinct?: number };

/** The fields that call Okta, by `Type.field`. Everything else is free (computed from a parent). */
export function costModel(batchSize: number): Record<string, FieldCost> {
  const page = (fallbackSize: number): FieldCost => ({ kind: 'page', fallbackSize });
  const batched: FieldCost = { kind: 'lookup', batch: batchSize };
  const single: FieldCost = { kind: 'lookup', batch: 1 };
  const app: FieldCost = { kind: 'lookup', batch: 1, distinct: 200 };
  return {
    'Query.users': page(50),
    'Query.user': single,
    'Query.groups': page(50),
    'Query.group': single,
    'Query.applications': page(50),
    'Query.application': single,
    'Query.authorizationServers': page(50),
    'Query.authorizationServer': single,
    'Query.logEvents': page(100),
    'User.groups': page(50),
    'User.applications': { kind: 'list', size: 20 },
    'User.logEvents': page(20),
    'Group.members': page(50),
    'Group.applications': page(20),
    'Application.assignedUsers': page(50),
    'Application.assignedGroups': page(20),
    'AuthorizationServer.scopes': { kind: 'list', size: 1 },
    'AuthorizationServer.claims': { kind: 'list', size: 1 },
    'AuthorizationServer.policies': { kind: 'list', size: 5 },
    'AuthorizationServer.keys': { kind: 'list', size: 1 },
    'AuthorizationServerPolicy.rules': { kind: 'list', size: 5 },
    'AppLink.application': app,
    'LogActor.user': batched,
    'LogTarget.user': batched,
    'LogTarget.group': batched,
    'LogTarget.application': app,
    'OktaConnection.me': single,
    // Entities arrive with their assignment (`expand`); a lookup only when Okta did not embed them.
    'ApplicationUserAssignment.user': { kind: 'lookup', batch: Number.POSITIVE_INFINITY },
    'ApplicationGroupAssignment.group': { kind: 'lookup', batch: Number.POSITIVE_INFINITY },
  };
}

/** `_entities` lookups per entity type: users and groups batch, the others do not. */
function entityBatch(typeName: string, batchSize: number): number {
  return typeName === 'User' || typeName === 'Group' ? batchSize : 1;
}

/** What the estimator found. */
export interface CostEstimate {
  /** Upper bound of Okta requests. */
  requests: number;
  /** Deepest field nesting, introspection excluded. */
  depth: number;
}

/** Items assumed in a list Okta does not page, unless the field says otherwise. */
const ASSUMED_LIST = 20;
/** Lists known to be short. */
const SHORT_LISTS: Record<string, number> = { 'LogEvent.targets': 3, 'LogEvent.ipChain': 2 };

/** Estimates the Okta requests and the depth of one operation. */
export function estimateCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, batchSize: number): CostEstimate {
  const model = costModel(batchSize);
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION && (!operationName || def.name?.value === operationName)) operation ??= def;
  }
  if (!operation) return { requests: 0, depth: 0 };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return { requests: 0, depth: 0 };

  let maxDepth = 0;

  /** Fields selected on `type`, fragments expanded (a fragment on another type contributes its fields too). */
  const fieldsOf = (set: SelectionSetNode, type: GraphQLCompositeType, visited: Set<string>): Array<{ node: FieldNode; type: GraphQLCompositeType }> => {
    const out: Array<{ node: FieldNode; type: GraphQLCompositeType }> = [];
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) out.push({ node: sel, type });
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        // On a concrete type, a fragment on another concrete type never applies.
        if (isObjectType(type) && isObjectType(cond) && cond !== type) continue;
        out.push(...fieldsOf(sel.selectionSet, isCompositeType(cond) ? cond : type, visited));
      } else {
        const name = sel.name.value;
        const frag = fragments.get(name);
        if (!frag || visited.has(name)) continue;
        const cond = schema.getType(frag.typeCondition.name.value);
        if (isObjectType(type) && isObjectType(cond) && cond !== type) continue;
        out.push(...fieldsOf(frag.selectionSet, isCompositeType(cond) ? cond : type, new Set([...visited, name])));
      }
    }
    return out;
  };

  const unwrapList = (t: GraphQLOutputType): boolean => isListType(isNonNullType(t) ? t.ofType : t);

  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, count: number, pageSize: number, depth: number): number => {
    maxDepth = Math.max(maxDepth, depth);
    let requests = 0;
    for (const { node, type: owner } of fieldsOf(set, type, new Set())) {
      const name = node.name.value;
      if (name.startsWith('__')) continue;
      if (!isObjectType(owner) && !isAbstractType(owner)) continue;
      const def = (isObjectType(owner) ? owner.getFields()[name] : (owner as { getFields?: () => Record<string, GraphQLField<unknown, unknown>> }).getFields?.()[name]) as
        | GraphQLField<unknown, unknown>
        | undefined;
      if (!def) continue;
      let args: Record<string, unknown> = {};
      try {
        args = getArgumentValues(def, node, variables);
      } catch {
        // Invalid arguments fail validation on their own; estimate with defaults.
      }
      const cost = model[`${owner.name}.${name}`];
      let childCount = count * (unwrapList(def.type) ? (name === 'nodes' || name === 'edges' ? pageSize : (SHORT_LISTS[`${owner.name}.${name}`] ?? ASSUMED_LIST)) : 1);
      let childPage = pageSize;
      if (cost?.kind === 'page') {
        requests += count;
        childCount = count;
        childPage = typeof args.first === 'number' ? args.first : cost.fallbackSize;
      } else if (cost?.kind === 'list') {
        requests += count;
        childCount = count * cost.size;
      } else if (cost?.kind === 'lookup') {
        requests += Number.isFinite(cost.batch) ? Math.ceil(Math.min(count, cost.distinct ?? count) / cost.batch) : 0;
        childCount = count;
      }
      if (name === '_entities' && Array.isArray(args.representations)) {
        const byType = new Map<string, number>();
        for (const r of args.representations as Array<{ __typename?: string }>) byType.set(r.__typename ?? '', (byType.get(r.__typename ?? '') ?? 0) + 1);
        for (const [typeName, n] of byType) {
          requests += Math.ceil(n / entityBatch(typeName, batchSize));
          const t = schema.getType(typeName);
          if (node.selectionSet && isCompositeType(t)) requests += walk(node.selectionSet, t, n, pageSize, depth + 1);
        }
        continue;
      }
      const named = getNamedType(def.type);
      if (node.selectionSet && isCompositeType(named)) requests += walk(node.selectionSet, named, childCount, childPage, depth + 1);
    }
    return requests;
  };

  const requests = walk(operation.selectionSet, root, 1, 1, 1);
  return { requests, depth: maxDepth };
}
