/**
 * The one entry point to @peculiar/x509 inside gangway. Version 2 resolves its algorithm providers
 * through tsyringe, which needs the Reflect metadata polyfill loaded before the library itself;
 * importing the library through this module guarantees that order.
 */
import 'reflect-metadata';

export * as x509 from '@peculiar/x509';
