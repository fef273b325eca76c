/**
 * gRPC's server-side RBAC is behind a flag that @grpc/grpc-js-xds reads once, when it loads: this
 * module must be imported before it (the harness imports it first).
 */
process.env['GRPC_XDS_EXPERIMENTAL_RBAC'] = 'true';
