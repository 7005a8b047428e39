import { RecipientDetail } from '../admin/registry/RecipientDetail';

// read-only here: the lifecycle moves are the county admin console's
export default function RecipientPage() {
  return <RecipientDetail backTo="/township" manage={false} />;
}
