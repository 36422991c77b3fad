import { z } from 'zod';
import { type DynsecCommand, DynsecControl } from './dynsec-control.js';

/** Each device's own role: it may publish under its own id only ("A device may publish only under its own id"). */
export const DEVICE_ROLE_PREFIX = 'coldtrace-device-';
/** The gateways' and the rules process's role: consume every device topic, answer on rejects. */
export const SERVICE_ROLE = 'coldtrace-service';
const TOPIC_PREFIX = 'coldtrace/v1/devices/';
/** the gateways' MQTT 5 shared-subscription group (gateway/external-consumer.ts) */
const SHARE_GROUP = 'coldtrace-ingest';

/**
 * Keeps an external broker's device credentials and topic ACL in step with coldtrace's device
 * registry. The API calls it on register, rotate and revoke, with the plaintext secret it has in
 * hand for that one request (the registry keeps only the scrypt hash, the broker its own PBKDF2).
 */
export interface BrokerDeviceCredentials {
  deviceRegistered(deviceId: string, secret: string): Promise<void>;
  secretRotated(deviceId: string, secret: string): Promise<void>;
  /** also drops the device's live connection (the broker kicks a deleted client) */
  deviceRevoked(deviceId: string): Promise<void>;
  /**
   * Removes the broker's device clients that the registry does not hold as active (revoked while
   * the broker was unreachable, or made by hand) and names registered devices the broker lacks
   * (their secret exists only as a hash: rotate it to give the broker one).
   */
  reconcile(activeDeviceIds: readonly string[]): Promise<{ removed: string[]; missing: string[] }>;
  /** The gateways' and rules' own login (the username and password of COLDTRACE_MQTT_URL). */
  ensureServiceClient(username: string, password: string): Promise<void>;
  close(): Promise<void>;
}

/** A device's ACL: publish its readings, events and status (will included), read its rejects. */
export function deviceRoleCommand(deviceId: string): DynsecCommand {
  const own = `${TOPIC_PREFIX}${deviceId}/`;
  return {
    command: 'createRole',
    rolename: DEVICE_ROLE_PREFIX + deviceId,
    acls: [
      ...['readings', 'events', 'status'].map((kind) => ({
        acltype: 'publishClientSend',
        topic: own + kind,
        allow: true,
      })),
      { acltype: 'subscribePattern', topic: `${own}rejects`, allow: true },
    ],
  };
}

const listedClientsSchema = z.object({
  totalCount: z.number().optional(),
  clients: z.array(
    z.object({ username: z.string(), roles: z.array(z.object({ rolename: z.string() })).default([]) }),
  ),
});

/** Mosquitto 2's dynamic-security plugin over `$CONTROL/dynamic-security/v1`. */
export class MosquittoDynsecCredentials implements BrokerDeviceCredentials {
  private constructor(private readonly control: DynsecControl) {}

  /** `adminUrl`: mqtt://<dynsec admin>:<password>@host:port */
  static async connect(
    adminUrl: string,
    opts: { timeoutMs?: number } = {},
  ): Promise<MosquittoDynsecCredentials> {
    return new MosquittoDynsecCredentials(await DynsecControl.connect(adminUrl, opts));
  }

  async deviceRegistered(deviceId: string, secret: string): Promise<void> {
    const role = DEVICE_ROLE_PREFIX + deviceId;
    const [, created] = await this.control.sendOrThrow(
      [
        deviceRoleCommand(deviceId),
        { command: 'createClient', username: deviceId, password: secret, roles: [{ rolename: role }] },
      ],
      ['Role already exists', 'Client already exists'],
    );
    if (created?.error === 'Client already exists') {
      // a leftover of an earlier registration (the registry has just refused duplicates): take it over
      await this.control.sendOrThrow([
        { command: 'setClientPassword', username: deviceId, password: secret },
        { command: 'modifyClient', username: deviceId, roles: [{ rolename: role }] },
      ]);
    }
  }

  async secretRotated(deviceId: string, secret: string): Promise<void> {
    const [set] = await this.control.sendOrThrow(
      [{ command: 'setClientPassword', username: deviceId, password: secret }],
      ['Client not found'],
    );
    // a device registered before the broker was kept in step: rotation is how it gets its login
    if (set?.error === 'Client not found') await this.deviceRegistered(deviceId, secret);
  }

  async deviceRevoked(deviceId: string): Promise<void> {
    await this.control.sendOrThrow(
      [
        { command: 'deleteClient', username: deviceId },
        { command: 'deleteRole', rolename: DEVICE_ROLE_PREFIX + deviceId },
      ],
      ['Client not found', 'Role not found'],
    );
  }

  async reconcile(activeDeviceIds: readonly string[]): Promise<{ removed: string[]; missing: string[] }> {
    const [listed] = await this.control.sendOrThrow([
      { command: 'listClients', verbose: true, count: -1, offset: 0 },
    ]);
    const clients = listedClientsSchema.parse(listed?.data).clients;
    const deviceClients = new Set(
      clients
        .filter((c) => c.roles.some((r) => r.rolename === DEVICE_ROLE_PREFIX + c.username))
        .map((c) => c.username),
    );
    const active = new Set(activeDeviceIds);
    const removed = [...deviceClients].filter((id) => !active.has(id)).sort();
    for (const id of removed) await this.deviceRevoked(id);
    const missing = activeDeviceIds.filter((id) => !deviceClients.has(id));
    return { removed, missing };
  }

  async ensureServiceClient(username: string, password: string): Promise<void> {
    const [, created] = await this.control.sendOrThrow(
      [
        {
          command: 'createRole',
          rolename: SERVICE_ROLE,
          acls: [
            // the rules process subscribes plainly; the gateways through the shared subscription,
            // which Mosquitto 2.0 checks with its $share/<group>/ prefix
            { acltype: 'subscribePattern', topic: `${TOPIC_PREFIX}#`, allow: true },
            { acltype: 'subscribePattern', topic: `$share/${SHARE_GROUP}/${TOPIC_PREFIX}#`, allow: true },
            { acltype: 'publishClientSend', topic: `${TOPIC_PREFIX}+/rejects`, allow: true },
          ],
        },
        { command: 'createClient', username, password, roles: [{ rolename: SERVICE_ROLE }] },
      ],
      ['Role already exists', 'Client already exists'],
    );
    if (created?.error === 'Client already exists')
      await this.control.sendOrThrow([{ command: 'setClientPassword', username, password }]);
  }

  close(): Promise<void> {
    return this.control.close();
  }
}
