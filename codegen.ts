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
          Group: '../okta/types.js#OktaGroup',
          GroupProfile: '../okta/types.js#OktaGroupProfile',
          Application: '../okta/types.js#OktaApplication',
          ApplicationVisibility: '../okta/types.js#OktaAppVisibility',
          ApplicationCredentials: '../okta/types.js#OktaAppCredentials',
          ApplicationUserAssignment: '../okta/types.js#OktaAppUser',
          ApplicationGroupAssignment: '../okta/types.js#OktaAppGroup',
          AppLink: '../okta/types.js#OktaAppLink',
          AuthorizationServer: '../okta/types.js#OktaAuthorizationServer',
          AuthorizationServerScope: '../okta/types.js#OktaOAuthScope',
          AuthorizationServerClaim: '../okta/types.js#OktaOAuthClaim',
          AuthorizationServerPolicy: '../resolvers/models.js#AuthServerPolicyModel',
          AuthorizationServerPolicyRule: '../okta/types.js#OktaAuthServerPolicyRule',
          JsonWebKey: '../okta/types.js#OktaJsonWebKey',
          LogEvent: '../okta/types.js#OktaLogEvent',
          LogActor: '../okta/types.js#OktaLogEntity',
          LogTarget: '../okta/types.js#OktaLogEntity',
          LogClient: '../okta/types.js#OktaLogClient',
          LogUserAgent: '../okta/types.js#OktaLogUserAgent',
          LogGeographicalContext: '../okta/types.js#OktaLogGeo',
          LogOutcome: '../okta/types.js#OktaLogOutcome',
          LogTransaction: '../okta/types.js#OktaLogTransaction',
          LogAuthenticationContext: '../okta/types.js#OktaLogAuthenticationContext',
          LogSecurityContext: '../okta/types.js#OktaLogSecurityContext',
          LogIpAddress: '../okta/types.js#OktaLogIpAddress',
          OktaIntegration: '../oauth/integrations.js#ResolvedIntegration',
          OktaConnection: '../resolvers/models.js#OktaConnectionModel',
          UserConnection: '../resolvers/models.js#UserConnectionModel',
          UserEdge: '../resolvers/models.js#UserEdgeModel',
          GroupConnection: '../resolvers/models.js#GroupConnectionModel',
          GroupEdge: '../resolvers/models.js#GroupEdgeModel',
          ApplicationConnection: '../resolvers/models.js#ApplicationConnectionModel',
          ApplicationEdge: '../resolvers/models.js#ApplicationEdgeModel',
          ApplicationUserConnection: '../resolvers/models.js#ApplicationUserConnectionModel',
          ApplicationUserEdge: '../resolvers/models.js#ApplicationUserEdgeModel',
          ApplicationGroupConnection: '../resolvers/models.js#ApplicationGroupConnectionModel',
          ApplicationGroupEdge: '../resolvers/models.js#ApplicationGroupEdgeModel',
          AuthorizationServerConnection: '../resolvers/models.js#AuthorizationServerConnectionModel',
          AuthorizationServerEdge: '../resolvers/models.js#AuthorizationServerEdgeModel',
          LogEventConnection: '../resolvers/models.js#LogEventConnectionModel',
          LogEventEdge: '../resolvers/models.js#LogEventEdgeModel',
        },
      },
    },
  },
};

export default config;
