import { describe, expect, it } from 'vitest';
import { createMemoryFileSystem } from '../../shared/fs/index.js';
import { grpcNodeId, writeGrpcBootstrap } from './grpc-bootstrap.js';

describe('gRPC bootstrap', () => {
  it('writes the servers, node, certificate providers and server listener template', async () => {
    const fs = createMemoryFileSystem();
    await writeGrpcBootstrap(fs, '/etc/gangway/grpc-bootstrap.json', {
      serverUri: 'unix:///var/run/gangway/xds.sock',
      nodeId: grpcNodeId({ ip: '10.0.0.7', pod: 'web-0', namespace: 'shop' }),
      cluster: 'web',
      metadata: { NAMESPACE: 'shop', LABELS: { app: 'web' } },
      certificates: {
        certificateFile: '/c/cert.pem',
        privateKeyFile: '/c/key.pem',
        caCertificateFile: '/c/root.pem',
      },
    });
    const file = fs.files.get('/etc/gangway/grpc-bootstrap.json')!;
    expect(file.mode).toBe(0o644);
    const bootstrap = JSON.parse(file.data.toString()) as Record<string, unknown>;
    expect(bootstrap).toEqual({
      xds_servers: [
        {
          server_uri: 'unix:///var/run/gangway/xds.sock',
          channel_creds: [{ type: 'insecure' }],
          server_features: ['xds_v3'],
        },
      ],
      node: {
        id: 'sidecar~10.0.0.7~web-0.shop~shop.svc.cluster.local',
        cluster: 'web',
        metadata: { NAMESPACE: 'shop', LABELS: { app: 'web' }, GENERATOR: 'grpc' },
        locality: {},
      },
      certificate_providers: {
        default: {
          plugin_name: 'file_watcher',
          config: {
            certificate_file: '/c/cert.pem',
            private_key_file: '/c/key.pem',
            ca_certificate_file: '/c/root.pem',
            refresh_interval: '900s',
          },
        },
        ROOTCA: {
          plugin_name: 'file_watcher',
          config: { ca_certificate_file: '/c/root.pem', refresh_interval: '900s' },
        },
      },
      server_listener_resource_name_template: 'xds.gangway.io/grpc/lds/inbound/%s',
    });
  });
});
