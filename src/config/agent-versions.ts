/**
 * The version an agent is given when it reports none of its own: the transport's name (an http
 * service and an exec command have no `initialize`; a module may export no `version`).
 */
export const HTTP_AGENT_VERSION = 'http';
export const EXEC_AGENT_VERSION = 'exec';
/** The version reported for a module that exports none. */
export const MODULE_AGENT_VERSION = 'module';
