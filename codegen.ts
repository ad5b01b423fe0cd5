import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Resolver types derived from the SDL in `schema/`. Mappers narrow each GraphQL type's parent to the
 * Okta JSON shape the resolvers receive (`src/okta/types.ts`).
 */
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'src/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        disableFederationDirectiveAndScalarInjection: true,
        useTypeImports: true,
        useIndexSignature: true,
        contextType: '../context.js#Context',
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: {
          DateTime: { input: 'Date', output: 'string | Date' },
          JSONObject: { input: 'Record<string, unknown>', output: 'Record<string, unknown>' },
        },
        mappers: {
          User: '../okta/types.js#OktaUser',
          UserProfile: '../okta/types.js#OktaUserProfile',
          UserConnection: '../resolvers/models.js#UserConnectionModel',
          UserEdge: '../resolvers/models.js#UserEdgeModel',
          OktaIntegration: '../oauth/integrations.js#ResolvedIntegration',
          OktaConnection: '../resolvers/models.js#OktaConnectionModel',
        },
      },
    },
  },
};

export default config;
