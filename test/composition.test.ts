import { describe, expect, test } from '@jest/globals';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { loadTypeDefs } from '../src/schema.js';

/** Another team's subgraph that references our entities by key. */
const STUB = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

  type User @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Ticket @key(fields: "id") {
    id: ID!
    title: String!
    assignee: User
  }

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type Query {
    tickets: [Ticket!]!
  }
`);

describe('composition', () => {
  test('our SDL composes with a subgraph that references User, without errors or hints of conflict', () => {
    const result = composeServices([
      { name: 'okta', typeDefs: parse(loadTypeDefs()), url: 'http://okta' },
      { name: 'tickets', typeDefs: STUB, url: 'http://tickets' },
    ]);
    expect(result.errors ?? []).toEqual([]);
    const supergraph = result.supergraphSdl ?? '';
    expect(supergraph).toContain('type User');
    expect(supergraph).toContain('join__type(graph: OKTA, key: "id")');
    // Our own directive is enforced inside the subgraph, not composed into the supergraph.
    expect(supergraph).not.toContain('requiresOktaScopes');
  });
});
