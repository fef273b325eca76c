/**
 * Why the node agent could not redirect a pod, as codes with a message table: the failure metric is
 * labelled with the code, logs carry both, and tests assert codes.
 */
export const redirectFailureMessages = {
  'status-invalid':
    'the sidecar status annotation, or the traffic settings it records, could not be read',
  'netns-not-found':
    'no process of the pod was found under /proc, so its network namespace is unknown',
  'iptables-failed': 'iptables-restore failed inside the pod network namespace',
  'removal-failed': 'removing the redirect from the pod network namespace failed',
} as const;

/** A code from {@link redirectFailureMessages}. */
export type RedirectFailureReason = keyof typeof redirectFailureMessages;

/** Every failure reason, so that the metric shows each one from the start (at zero). */
export const REDIRECT_FAILURE_REASONS = Object.keys(
  redirectFailureMessages,
) as RedirectFailureReason[];
