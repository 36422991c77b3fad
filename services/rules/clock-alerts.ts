import { journeyOf } from '../domain/product-journey.js';
import { useClock } from '../domain/use-clock.js';
import type { AlertsRepo } from '../store/sql/alerts-repo.js';
import {
  STORAGE_LIMIT_DUE,
  STORAGE_LIMIT_PASSED,
  TRANSPORT_WARNING,
  USE_TIME_EXCEEDED,
  USE_TIME_WARNING,
} from './alert-kinds.js';
import type { AlertWriter } from './alert-writer.js';
import type { EscalationPolicy } from './options.js';
import type { Targets } from './targets.js';
import { storageLimitState, transportWarningAt } from './timers.js';

export interface ClockAlertContext {
  writer: AlertWriter;
  alerts: Pick<AlertsRepo, 'toEscalate'>;
  targets: Targets;
  /** episode keys already raised by this process (the database's unique key is the guarantee) */
  raised: Set<string>;
  escalation?: EscalationPolicy;
}

/**
 * Alerts that come from the clock and have no finding in the verdict: 80 % of the maximum transport
 * time, stored items nearing and passing their storage limit (7.7), escalation of alerts nobody
 * acknowledged in time.
 */
export async function raiseClockAlerts(c: ClockAlertContext, nowMs: number): Promise<void> {
  const { writer, targets, raised } = c;
  for (const t of targets.shipments.values()) {
    const atMs = transportWarningAt(t, nowMs);
    const key = `${t.scopeKey}|transport_warning`;
    if (atMs === undefined || raised.has(key)) continue;
    await writer.raise(
      t,
      {
        episodeKey: key,
        ...TRANSPORT_WARNING,
        shipmentId: t.shipment.id,
        happenedAtMs: atMs,
        detectedAtMs: nowMs,
        late: false,
        details: { elapsedMs: nowMs - t.dispatchedAtMs, maxTransportMinutes: t.profile.maxTransportMinutes },
      },
      TRANSPORT_WARNING,
    );
    raised.add(key);
  }
  for (const t of targets.units.values()) {
    for (const item of t.items) {
      const state = storageLimitState(item, nowMs); // 7.7 storage time limit
      if (state === 'ok') continue;
      const cls = state === 'overdue' ? STORAGE_LIMIT_PASSED : STORAGE_LIMIT_DUE;
      const key = `${t.scopeKey}|item|${item.id}|${state}`;
      if (raised.has(key)) continue;
      await writer.raise(
        t,
        {
          episodeKey: key,
          ...cls,
          storageUnitId: t.unit.id,
          itemId: item.id,
          happenedAtMs: state === 'overdue' ? item.limitAtMs : nowMs,
          detectedAtMs: nowMs,
          late: false,
          details: { limitAtMs: item.limitAtMs, storedAtMs: item.storedAtMs, itemProduct: item.product },
        },
        cls,
      );
      raised.add(key);
    }
  }
  for (const p of targets.products.values()) {
    // 7.8: the clinic is warned at 80 % of the binding time limit of use, and told when it passed
    const clock = useClock(p.profile ?? {}, journeyOf(p.steps).times, nowMs);
    if (clock.state !== 'warning' && clock.state !== 'over') continue;
    const binding = clock.binding!;
    const over = clock.state === 'over';
    const cls = over ? USE_TIME_EXCEEDED : USE_TIME_WARNING;
    const key = `prod:${p.id}|use_time|${over ? 'over' : 'warning'}|${binding.kind}`;
    if (raised.has(key)) continue;
    const unit = p.lastUnitId ? targets.units.get(p.lastUnitId) : undefined;
    await writer.raise(
      unit,
      {
        episodeKey: key,
        ...cls,
        clause: binding.clause,
        storageUnitId: p.lastUnitId,
        itemId: p.id,
        happenedAtMs: over ? binding.limitMs + 1 : (clock.warningAtMs ?? nowMs),
        detectedAtMs: nowMs,
        late: false,
        details: { limitAtMs: binding.limitMs, limitKind: binding.kind, itemProduct: p.name },
      },
      cls,
    );
    raised.add(key);
  }
  if (c.escalation) {
    for (const a of await c.alerts.toEscalate(nowMs - c.escalation.afterMs)) {
      const t = a.shipmentId
        ? targets.shipments.get(a.shipmentId)
        : a.storageUnitId
          ? targets.units.get(a.storageUnitId)
          : undefined;
      await writer.escalate(a, t, c.escalation.to);
    }
  }
}
