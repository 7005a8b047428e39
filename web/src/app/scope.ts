import type { Viewer } from './operations';

/** A short line naming the viewer's scope: their organisation, township, villages or recipient record. */
export function scopeLabel(viewer: Viewer): string {
  if (viewer.organisation) return viewer.carer ? `${viewer.organisation.name} · ${viewer.carer.name}` : viewer.organisation.name;
  if (viewer.villages.length) return `${viewer.township?.name ?? ''} ${viewer.villages.map((v) => v.name).join('、')}`.trim();
  if (viewer.township) return viewer.township.name;
  if (viewer.recipient) return viewer.recipient.name;
  return '';
}

/** The name to greet the viewer with (carers and recipients have their record's name). */
export function viewerName(viewer: Viewer): string {
  return viewer.displayName || viewer.carer?.name || viewer.recipient?.name || viewer.username;
}
