import { RecipientDetail } from './registry/RecipientDetail';

export default function RecipientPage() {
  return <RecipientDetail backTo="/admin-console/recipients" manage cardPrintPath={(id) => `/admin-console/recipients/${id}/card`} />;
}
