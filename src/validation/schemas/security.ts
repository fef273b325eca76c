import { z } from 'zod';
import {
  bool,
  duration,
  message,
  protoEnum,
  str,
  strings,
  targetRef,
  workloadSelector,
} from './common.js';

const mutualTls = message({ mode: protoEnum(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']) });

/** The spec of a PeerAuthentication. */
export const peerAuthenticationSpec = message({
  selector: workloadSelector,
  mtls: mutualTls,
  portLevelMtls: z.record(z.string(), mutualTls),
});

const jwtRule = message({
  issuer: str,
  audiences: strings,
  jwksUri: str,
  jwks: str,
  fromHeaders: z.array(message({ name: str, prefix: str }, { required: ['name'] })),
  fromParams: strings,
  outputPayloadToHeader: str,
  forwardOriginalToken: bool,
  outputClaimToHeaders: z.array(message({ header: str, claim: str })),
  fromCookies: strings,
  timeout: duration,
  spaceDelimitedClaims: strings,
});

/** The spec of a RequestAuthentication. */
export const requestAuthenticationSpec = message({
  selector: workloadSelector,
  targetRef,
  targetRefs: z.array(targetRef),
  jwtRules: z.array(jwtRule),
});

const source = message({
  principals: strings,
  notPrincipals: strings,
  requestPrincipals: strings,
  notRequestPrincipals: strings,
  namespaces: strings,
  notNamespaces: strings,
  serviceAccounts: strings,
  notServiceAccounts: strings,
  ipBlocks: strings,
  notIpBlocks: strings,
  remoteIpBlocks: strings,
  notRemoteIpBlocks: strings,
});

const operation = message({
  hosts: strings,
  notHosts: strings,
  ports: strings,
  notPorts: strings,
  methods: strings,
  notMethods: strings,
  paths: strings,
  notPaths: strings,
});

const condition = message({ key: str, values: strings, notValues: strings }, { required: ['key'] });

const rule = message({
  from: z.array(message({ source })),
  to: z.array(message({ operation })),
  when: z.array(condition),
});

/** The spec of an AuthorizationPolicy. */
export const authorizationPolicySpec = message({
  selector: workloadSelector,
  targetRef,
  targetRefs: z.array(targetRef),
  rules: z.array(rule),
  action: protoEnum(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']),
  provider: message({ name: str }),
});

/** A PeerAuthentication spec as the validators see it. */
export type PeerAuthenticationSpec = z.infer<typeof peerAuthenticationSpec>;
/** A RequestAuthentication spec as the validators see it. */
export type RequestAuthenticationSpec = z.infer<typeof requestAuthenticationSpec>;
/** One JWT rule. */
export type JwtRule = z.infer<typeof jwtRule>;
/** An AuthorizationPolicy spec as the validators see it. */
export type AuthorizationPolicySpec = z.infer<typeof authorizationPolicySpec>;
/** One authorization rule. */
export type AuthorizationRule = z.infer<typeof rule>;
/** The source of a `from` clause. */
export type Source = z.infer<typeof source>;
/** The operation of a `to` clause. */
export type Operation = z.infer<typeof operation>;
/** A `when` condition. */
export type Condition = z.infer<typeof condition>;
