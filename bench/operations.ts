/** The operations `npm run bench` measures, with how to count their minimum and naive Okta calls. */

type Json = any;
type Gql = (query: string, variables?: Record<string, unknown>) => Promise<Json>;

/** One measured operation. */
export interface Operation {
  name: string;
  query: string;
  /** Sequential upstream rounds the operation needs at the least. */
  depth: number;
  /** Variables, computed once from the org. */
  variables(gql: Gql): Promise<Record<string, unknown>>;
  /** The fewest calls Okta's API allows for the returned data, and a naive resolver's count. */
  count(data: Json, variables: Record<string, unknown>): { minimum: number; naive: number };
  note?: string;
}

const BATCH = 50;
const none = async () => ({});
const distinct = (ids: string[]) => new Set(ids).size;

export const OPERATIONS: Operation[] = [
  {
    name: 'users(first: 50) page',
    query: '{ users(first: 50) { nodes { id status profile { login displayName } } pageInfo { endCursor } } }',
    depth: 1,
    variables: none,
    count: () => ({ minimum: 1, naive: 1 }),
  },
  {
    name: 'groups(first: 50) page',
    query: '{ groups(first: 50) { nodes { id type profile { name } } } }',
    depth: 1,
    variables: none,
    count: () => ({ minimum: 1, naive: 1 }),
  },
  {
    name: 'applications(first: 50) page',
    query: '{ applications(first: 50) { nodes { id label status signOnMode } } }',
    depth: 1,
    variables: none,
    count: () => ({ minimum: 1, naive: 1 }),
  },
  {
    name: '_entities: 100 users',
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id login status } } }',
    depth: 1,
    variables: async (gql) => {
      const data = await gql('{ users(first: 100) { nodes { id } } }');
      return { r: data.users.nodes.map((n: Json) => ({ __typename: 'User', id: n.id })) };
    },
    count: (_d, v) => {
      const n = distinct((v.r as Json[]).map((r) => r.id));
      return { minimum: Math.ceil(n / BATCH), naive: n };
    },
  },
  {
    name: '_entities: 100 groups',
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Group { id profile { name } } } }',
    depth: 1,
    variables: async (gql) => {
      const data = await gql('{ groups(first: 100) { nodes { id } } }');
      const ids: string[] = data.groups.nodes.map((n: Json) => n.id);
      // Fewer than 100 groups in the org: the representations repeat them, as a gateway's would.
      const r = Array.from({ length: 100 }, (_, i) => ({ __typename: 'Group', id: ids[i % ids.length] }));
      return { r };
    },
    count: (_d, v) => {
      const n = distinct((v.r as Json[]).map((r) => r.id));
      return { minimum: Math.ceil(n / BATCH), naive: (v.r as Json[]).length };
    },
    note: 'the seeded org has fewer than 100 groups, so the 100 representations repeat them; the minimum counts distinct ids.',
  },
  {
    name: 'groups(first: 20) { members(first: 50) { groups } }',
    query: '{ groups(first: 20) { nodes { id members(first: 50) { nodes { id groups(first: 50) { nodes { id } } } } } } }',
    depth: 3,
    variables: none,
    count: (data) => {
      const groups: Json[] = data.groups.nodes;
      const members = groups.flatMap((g) => g.members.nodes.map((m: Json) => m.id as string));
      return { minimum: 1 + groups.length + distinct(members), naive: 1 + groups.length + members.length };
    },
    note: "Okta has no bulk endpoint for several users' groups: one `GET /users/{id}/groups` per distinct member is the minimum, and that level fans out to hundreds of calls, which queue behind the per-org concurrency bound.",
  },
  {
    name: 'applications { assignedGroups { group { profile { name } } } }',
    query: '{ applications(first: 50) { nodes { id assignedGroups(first: 20) { nodes { priority group { profile { name } } } } } } }',
    depth: 2,
    variables: none,
    count: (data) => {
      const apps: Json[] = data.applications.nodes;
      const assignments = apps.reduce((n, a) => n + a.assignedGroups.nodes.length, 0);
      return { minimum: 1 + apps.length, naive: 1 + apps.length + assignments };
    },
  },
  {
    name: 'logEvents(first: 100) { actor { user } }',
    query: '{ logEvents(first: 100, sortOrder: DESCENDING) { nodes { uuid eventType actor { type user { login displayName: profile { displayName } } } } } }',
    depth: 2,
    variables: none,
    count: (data) => {
      const actors = (data.logEvents.nodes as Json[]).filter((e) => e.actor?.type === 'User').map((e) => e.actor.user?.login as string);
      return { minimum: 1 + Math.ceil(distinct(actors) / BATCH), naive: 1 + actors.length };
    },
  },
];
