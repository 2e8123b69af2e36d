// What a newer MEP file changes: who joined (sitting now, not before), who left (sitting before, not
// now, or absent from the file) and who changed group (sitting in both, another group).
import type { MepRecord } from './meps.schema.ts';

export interface SittingMep {
  readonly id: number;
  readonly fullName: string;
  readonly country: string;
  readonly group: string;
  readonly active: boolean;
}

export interface DirectoryDiff {
  readonly joined: SittingMep[];
  readonly left: SittingMep[];
  readonly changedGroup: { mep: SittingMep; from: string; to: string }[];
  /** Ids in the database that the new file does not mention (kept, marked as not sitting). */
  readonly absent: number[];
}

const byName = (a: SittingMep, b: SittingMep) => a.country.localeCompare(b.country) || a.fullName.localeCompare(b.fullName);

export function diffDirectory(current: readonly SittingMep[], incoming: readonly MepRecord[]): DirectoryDiff {
  const before = new Map(current.map((m) => [m.id, m]));
  const after = new Map(incoming.map((m) => [m.id, m]));
  const joined: SittingMep[] = [];
  const left: SittingMep[] = [];
  const changedGroup: DirectoryDiff['changedGroup'] = [];
  for (const next of incoming) {
    const old = before.get(next.id);
    if (next.active && !old?.active) joined.push(next);
    else if (!next.active && old?.active) left.push(old);
    else if (next.active && old?.active && old.group !== next.group) changedGroup.push({ mep: next, from: old.group, to: next.group });
  }
  const absent = current.filter((m) => !after.has(m.id)).map((m) => m.id);
  for (const id of absent) {
    const old = before.get(id)!;
    if (old.active) left.push(old);
  }
  return { joined: joined.sort(byName), left: left.sort(byName), changedGroup: changedGroup.sort((a, b) => byName(a.mep, b.mep)), absent };
}

/** The diff as the CLI prints it. */
export function formatDiff(diff: DirectoryDiff): string {
  const line = (m: SittingMep) => `  ${m.id}  ${m.fullName} (${m.country}, ${m.group})`;
  const parts = [
    `joined: ${diff.joined.length}`,
    ...diff.joined.map(line),
    `left: ${diff.left.length}`,
    ...diff.left.map(line),
    `changed group: ${diff.changedGroup.length}`,
    ...diff.changedGroup.map((c) => `  ${c.mep.id}  ${c.mep.fullName} (${c.mep.country}): ${c.from} → ${c.to}`),
  ];
  if (diff.absent.length > 0) parts.push(`not in the file (kept, no longer sitting): ${diff.absent.length}`);
  return `${parts.join('\n')}\n`;
}
