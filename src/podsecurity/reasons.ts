/**
 * The reason codes Pod Security decisions carry (for logs and metrics), with what each means.
 * Codes are stable; tests assert them.
 */
export const podSecurityReasons = {
  'pod-security:allowed': 'the pod satisfies every mode of the namespace policy',
  'pod-security:warned': 'allowed, with warnings for the warn mode or for a tightened namespace',
  'pod-security:violation': 'refused: the pod violates the enforce mode of the namespace policy',
  'pod-security:privileged': 'every mode of the namespace policy is privileged',
  'pod-security:exempt-namespace': 'the namespace is exempt in the configuration',
  'pod-security:exempt-user': 'the requesting user is exempt in the configuration',
  'pod-security:exempt-runtime-class': 'the pod uses an exempt runtime class',
  'pod-security:ignored-subresource': 'the subresource cannot change what the checks read',
  'pod-security:ignored-operation': 'only CREATE and UPDATE are checked',
  'pod-security:insignificant-update': 'the update changes no image and no container set',
  'pod-security:no-template': 'the workload has no pod template',
  'pod-security:invalid-object': 'refused: the object is not a usable pod (or namespace)',
  'pod-security:invalid-template':
    'allowed: the workload template is unusable, recorded in the audit log',
  'pod-security:invalid-labels': 'refused: a Pod Security namespace label has an invalid value',
  'pod-security:unknown-namespace':
    'the namespace is not known: pods are refused, workloads allowed with an audit note',
  'pod-security:internal': 'refused: gangway failed while checking the request',
  'pod-security:defaulted': 'secure defaults filled unset fields of the pod',
  'pod-security:defaults-skipped': 'secure defaults do not apply to this request',
} as const;

/** A Pod Security reason code. */
export type PodSecurityReason = keyof typeof podSecurityReasons;
