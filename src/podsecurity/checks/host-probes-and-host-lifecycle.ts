import type { CheckDefinition, Forbidden } from '../check.js';
import { filterContainers, someContainer } from '../check.js';
import { joinQuote, pluralize, sortedList } from '../format.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';

/*
 * The host field of probes and lifecycle handlers must not be set: it lets a pod make the kubelet
 * reach arbitrary addresses.
 * Restricted fields: {liveness,readiness,startup}Probe.{httpGet,tcpSocket}.host and
 * lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host of every container.
 * Allowed values: "", undefined.
 */

interface Handler {
  readonly httpGet?: { readonly host?: string | null | undefined } | null | undefined;
  readonly tcpSocket?: { readonly host?: string | null | undefined } | null | undefined;
}

function handlersOf(container: ContainerInput): (Handler | null | undefined)[] {
  const lifecycle = container.lifecycle;
  return [
    container.livenessProbe,
    container.readinessProbe,
    container.startupProbe,
    lifecycle?.postStart,
    lifecycle?.preStop,
  ];
}

function setsHost(handler: Handler | null | undefined): boolean {
  return !!handler && (!!handler.httpGet?.host || !!handler.tcpSocket?.host);
}

function usesHost(container: ContainerInput): boolean {
  const lifecycle = container.lifecycle;
  return (
    setsHost(container.livenessProbe) ||
    setsHost(container.readinessProbe) ||
    setsHost(container.startupProbe) ||
    (!!lifecycle && (setsHost(lifecycle.postStart) || setsHost(lifecycle.preStop)))
  );
}

function hostsOf(container: ContainerInput): string[] {
  return handlersOf(container).flatMap((h) => [h?.httpGet?.host ?? '', h?.tcpSocket?.host ?? '']);
}

function hostProbesAndHostLifecycleV1Dot34(spec: PodSpecInput): Forbidden | undefined {
  if (!someContainer(spec, usesHost, undefined)) return undefined;
  const bad = filterContainers(spec, usesHost, undefined);
  const names = sortedList(bad.map((c) => c.name));
  const hosts = sortedList(bad.flatMap(hostsOf).filter((host) => host !== ''));
  return {
    reason: 'probe or lifecycle host',
    detail: `${pluralize('container', 'containers', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hosts.length)} ${joinQuote(hosts)}`,
  };
}

/** Baseline: probes and lifecycle handlers must not name a host (1.34+). */
export const hostProbesAndHostLifecycleCheck: CheckDefinition = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ minVersion: 34, check: hostProbesAndHostLifecycleV1Dot34 }],
};
