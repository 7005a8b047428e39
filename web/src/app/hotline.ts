// The county's 24-hour hotline, which the sign-in page and the recipient's big "call the
// hotline" buttons dial (a tel: link). Set when the web app is built:
// VITE_HOTLINE_PHONE=0796-1234567 npm run build:web (or in web/.env). Without it, 12345, the
// government service hotline that answers in every county, so the button always reaches someone.
const configured = (import.meta.env.VITE_HOTLINE_PHONE as string | undefined)?.trim();

/** The hotline's number as shown. */
export const HOTLINE_PHONE = configured || '12345';

/** The number as a tel: link (digits and + only). */
export const HOTLINE_TEL = `tel:${HOTLINE_PHONE.replace(/[^\d+]/g, '')}`;
