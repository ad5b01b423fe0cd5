import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { applyOktaScopeDirective } from './auth/scopes.js';
import type { Context } from './context.js';
import { resolvers } from './resolvers/index.js';
import { auditMutation } from './resolvers/Mutation/run.js';

/** The `schema/` directory, next to `src/` and `dist/` alike. */
const SCHEMA_DIR = fileURLToPath(new URL('../schema/', import.meta.url));

/** The SDL of every file in `schema/`, `schema.graphql` first. */
export function loadTypeDefs(dir: string = SCHEMA_DIR): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'schema.graphql' ? -1 : b === 'schema.graphql' ? 1 : a.localeCompare(b)));
  return files.map((f) => readFileSync(`${dir}${f}`, 'utf8')).join('\n');
}

/** The ids an input names (`id`, `userId`, `groupIds`, ...): what an audit line may carry of it. */
function inputIds(input: unknown): Record<string, unknown> {
  if (!input || typeof input !== 'object') return {};
  return Object.fromEntries(Object.entries(input).filter(([key, value]) => /^(id|\w+Id|\w+Ids)$/.test(key) && (typeof value === 'string' || Array.isArray(value))));
}

/** Builds the federated subgraph schema with resolvers and the Okta scope directive applied. */
export function buildSchema(): GraphQLSchema {
  const schema = buildSubgraphSchema([{ typeDefs: parse(loadTypeDefs()), resolvers: resolvers as GraphQLResolverMap<unknown> }]);
  return applyOktaScopeDirective(schema, {
    // A mutation refused before running is still an attempted change: it gets its audit line too.
    onRefused: (typeName, fieldName, args, context, error) => {
      if (typeName === 'Mutation') auditMutation(context as Context, { mutation: fieldName, targets: inputIds(args.input), outcome: 'refused', code: error.extensions.code });
    },
  });
}
