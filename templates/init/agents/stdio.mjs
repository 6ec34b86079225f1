// The agent over stdio: agentready starts this process and sends it the cases
// (agentready.config.yaml: target). Log to stderr; stdout carries the protocol.
import { serveStdio } from 'agentready-cli/agent';
import support from './support.mjs';

serveStdio(support, { name: 'support-agent', version: '0.1.0', concurrency: 4 });
