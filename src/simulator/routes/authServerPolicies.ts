import { asTargets, emitAsEvent } from '../authServers/events.js';
import { policyJson, ruleJson } from '../authServers/json.js';
import { validatePolicy, validateRule } from '../authServers/validatePolicies.js';
import { errors, ok, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import { placeByPriority, type LifecycleStatus, type SimAuthServer, type SimPolicy, type SimRule } from '../store/authServers.js';
import { asManage, asRead, withServer } from './authServers.js';

type PolicyHandler = (req: SimRequest, server: SimAuthServer, policy: SimPolicy) => SimResponse;
type RuleHandler = (req: SimRequest, server: SimAuthServer, policy: SimPolicy, rule: SimRule) => SimResponse;

const policyView = (req: SimRequest, s: SimAuthServer, p: SimPolicy) => policyJson(p, s.policies.indexOf(p) + 1, req.baseUrl, s);
const ruleView = (req: SimRequest, s: SimAuthServer, p: SimPolicy, r: SimRule) => ruleJson(r, p.rules.indexOf(r) + 1, req.baseUrl, s, p);

function createPolicy(org: Org, req: SimRequest, server: SimAuthServer): SimResponse {
  const input = validatePolicy(org, req.body);
  if (Array.isArray(input)) return errors.validation(input);
  const now = org.nowIso();
  const policy: SimPolicy = { id: org.seed.ids.next('00p'), name: input.name, description: input.description, status: input.status, system: false, conditions: input.conditions, created: now, lastUpdated: now, rules: [] };
  placeByPriority(server.policies, policy, input.priority);
  emitAsEvent(org, req, 'policyCreated', server, [asTargets.policy(policy)]);
  return { status: 201, body: policyView(req, server, policy) };
}

function replacePolicy(org: Org, req: SimRequest, server: SimAuthServer, policy: SimPolicy): SimResponse {
  const input = validatePolicy(org, req.body);
  if (Array.isArray(input)) return errors.validation(input);
  Object.assign(policy, { name: input.name, description: input.description, status: input.status, conditions: input.conditions, lastUpdated: org.nowIso() });
  placeByPriority(server.policies, policy, input.priority);
  emitAsEvent(org, req, 'policyUpdated', server, [asTargets.policy(policy)]);
  return ok(policyView(req, server, policy));
}

function deletePolicy(org: Org, req: SimRequest, server: SimAuthServer, policy: SimPolicy): SimResponse {
  if (policy.system) return errors.validation([`system: System policy '${policy.name}' cannot be deleted`]);
  server.policies.splice(server.policies.indexOf(policy), 1);
  emitAsEvent(org, req, 'policyDeleted', server, [asTargets.policy(policy)]);
  return { status: 204 };
}

function setPolicyStatus(org: Org, req: SimRequest, server: SimAuthServer, policy: SimPolicy, status: LifecycleStatus): SimResponse {
  if (policy.status !== status) {
    policy.status = status;
    policy.lastUpdated = org.nowIso();
    emitAsEvent(org, req, status === 'ACTIVE' ? 'policyActivated' : 'policyDeactivated', server, [asTargets.policy(policy)]);
  }
  return { status: 204 };
}

function createRule(org: Org, req: SimRequest, server: SimAuthServer, policy: SimPolicy): SimResponse {
  const input = validateRule(org, server, req.body);
  if (Array.isArray(input)) return errors.validation(input);
  const now = org.nowIso();
  const rule: SimRule = { id: org.seed.ids.next('0pr'), name: input.name, status: input.status, system: false, type: 'RESOURCE_ACCESS', conditions: input.conditions, actions: input.actions, created: now, lastUpdated: now };
  placeByPriority(policy.rules, rule, input.priority);
  emitAsEvent(org, req, 'ruleCreated', server, [asTargets.policy(policy), asTargets.rule(rule)]);
  return { status: 201, body: ruleView(req, server, policy, rule) };
}

function replaceRule(org: Org, req: SimRequest, server: SimAuthServer, policy: SimPolicy, rule: SimRule): SimResponse {
  const input = validateRule(org, server, req.body);
  if (Array.isArray(input)) return errors.validation(input);
  Object.assign(rule, { name: input.name, status: input.status, conditions: input.conditions, actions: input.actions, lastUpdated: org.nowIso() });
  placeByPriority(policy.rules, rule, input.priority);
  emitAsEvent(org, req, 'ruleUpdated', server, [asTargets.policy(policy), asTargets.rule(rule)]);
  return ok(ruleView(req, server, policy, rule));
}

function deleteRule(org: Org, req: SimRequest, server: SimAuthServer, policy: SimPolicy, rule: SimRule): SimResponse {
  // Okta's system rules cannot be deleted.
  if (rule.system) return errors.validation([`system: System rule '${rule.name}' cannot be deleted`]);
  policy.rules.splice(policy.rules.indexOf(rule), 1);
  emitAsEvent(org, req, 'ruleDeleted', server, [asTargets.policy(policy), asTargets.rule(rule)]);
  return { status: 204 };
}

function setRuleStatus(org: Org, req: SimRequest, server: SimAuthServer, policy: SimPolicy, rule: SimRule, status: LifecycleStatus): SimResponse {
  if (rule.status !== status) {
    rule.status = status;
    rule.lastUpdated = org.nowIso();
    emitAsEvent(org, req, status === 'ACTIVE' ? 'ruleActivated' : 'ruleDeactivated', server, [asTargets.policy(policy), asTargets.rule(rule)]);
  }
  return { status: 204 };
}

/** Access policies of authorization servers and their rules, with lifecycle. */
export function authServerPolicyRoutes(org: Org): RouteDef[] {
  const base = '/api/v1/authorizationServers/{authServerId}/policies';
  const policy = (handle: PolicyHandler) =>
    withServer(org, (req, s) => {
      const found = org.authServers.policy(s, req.params.policyId!);
      return found ? handle(req, s, found.policy) : errors.notFound(`${req.params.policyId!} (Policy)`);
    });
  const rule = (handle: RuleHandler) =>
    policy((req, s, p) => {
      const found = p.rules.find((r) => r.id === req.params.ruleId);
      return found ? handle(req, s, p, found) : errors.notFound(`${req.params.ruleId!} (PolicyRule)`);
    });
  const one = `${base}/{policyId}`;
  const oneRule = `${one}/rules/{ruleId}`;
  return [
    { method: 'GET', path: base, ...asRead, handler: withServer(org, (req, s) => ok(s.policies.map((p) => policyView(req, s, p)))) },
    { method: 'POST', path: base, ...asManage, handler: withServer(org, (req, s) => createPolicy(org, req, s)) },
    { method: 'GET', path: one, ...asRead, handler: policy((req, s, p) => ok(policyView(req, s, p))) },
    { method: 'PUT', path: one, ...asManage, handler: policy((req, s, p) => replacePolicy(org, req, s, p)) },
    { method: 'DELETE', path: one, ...asManage, handler: policy((req, s, p) => deletePolicy(org, req, s, p)) },
    { method: 'POST', path: `${one}/lifecycle/activate`, ...asManage, handler: policy((req, s, p) => setPolicyStatus(org, req, s, p, 'ACTIVE')) },
    { method: 'POST', path: `${one}/lifecycle/deactivate`, ...asManage, handler: policy((req, s, p) => setPolicyStatus(org, req, s, p, 'INACTIVE')) },
    { method: 'GET', path: `${one}/rules`, ...asRead, handler: policy((req, s, p) => ok(p.rules.map((r) => ruleView(req, s, p, r)))) },
    { method: 'POST', path: `${one}/rules`, ...asManage, handler: policy((req, s, p) => createRule(org, req, s, p)) },
    { method: 'GET', path: oneRule, ...asRead, handler: rule((req, s, p, r) => ok(ruleView(req, s, p, r))) },
    { method: 'PUT', path: oneRule, ...asManage, handler: rule((req, s, p, r) => replaceRule(org, req, s, p, r)) },
    { method: 'DELETE', path: oneRule, ...asManage, handler: rule((req, s, p, r) => deleteRule(org, req, s, p, r)) },
    { method: 'POST', path: `${oneRule}/lifecycle/activate`, ...asManage, handler: rule((req, s, p, r) => setRuleStatus(org, req, s, p, r, 'ACTIVE')) },
    { method: 'POST', path: `${oneRule}/lifecycle/deactivate`, ...asManage, handler: rule((req, s, p, r) => setRuleStatus(org, req, s, p, r, 'INACTIVE')) },
  ];
}
