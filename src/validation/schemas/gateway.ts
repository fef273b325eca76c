import { z } from 'zod';
import { bool, message, protoEnum, str, stringMap, strings, uint32 } from './common.js';

/** A port of a Gateway server or a ServiceEntry (`number`, `protocol`, `name`, `targetPort`). */
export const port = message(
  { number: uint32, protocol: str, name: str, targetPort: uint32 },
  { required: ['number', 'protocol', 'name'] },
);

const tlsVersion = protoEnum(['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3']);

/** ServerTLSSettings: how a gateway server (or Sidecar ingress listener) terminates TLS. */
export const serverTls = message({
  httpsRedirect: bool,
  mode: protoEnum([
    'PASSTHROUGH',
    'SIMPLE',
    'MUTUAL',
    'AUTO_PASSTHROUGH',
    'ISTIO_MUTUAL',
    'OPTIONAL_MUTUAL',
  ]),
  serverCertificate: str,
  privateKey: str,
  caCertificates: str,
  caCrl: str,
  credentialName: str,
  credentialNames: strings,
  tlsCertificates: z.array(
    message({ serverCertificate: str, privateKey: str, caCertificates: str }),
  ),
  subjectAltNames: strings,
  verifyCertificateSpki: strings,
  verifyCertificateHash: strings,
  minProtocolVersion: tlsVersion,
  maxProtocolVersion: tlsVersion,
  cipherSuites: strings,
});

const server = message(
  { port, bind: str, hosts: strings, tls: serverTls, defaultEndpoint: str, name: str },
  { required: ['port', 'hosts'] },
);

/** The spec of a Gateway. */
export const gatewaySpec = message({ servers: z.array(server), selector: stringMap });

/** A Gateway spec as the validators see it. */
export type GatewaySpec = z.infer<typeof gatewaySpec>;
/** A Gateway server. */
export type Server = z.infer<typeof server>;
/** Server TLS settings. */
export type ServerTls = z.infer<typeof serverTls>;
/** A Gateway or ServiceEntry port. */
export type Port = z.infer<typeof port>;
