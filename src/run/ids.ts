/** Identifiers: W3C-style trace ids and sortable run ids. */
import { randomBytes } from 'node:crypto';

/** 32 lowercase hex characters, as OpenTelemetry trace ids are. */
export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

/** `20261124-143205-3f9a`: sortable by start time, unique enough for one machine. */
export function newRunId(now: Date): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** The per-run secret agents must present on every request to agentready's endpoints. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}
