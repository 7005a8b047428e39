import { useNavigate } from 'react-router';
import { RecipientDetail } from '../admin/registry/RecipientDetail';

// The station keeps its township's list current (DOMAIN.md): it verifies, starts, suspends
// and ends services (the lifecycle), runs the needs assessment, issues and prints cards,
// changes contact details, and moves a household to another village; after a move the
// recipient is the new township's and the page goes back to the list.
export default function RecipientPage() {
  const navigate = useNavigate();
  return <RecipientDetail backTo="/township" manage cardPrintPath={(id) => `/township/recipients/${id}/card`} onMoved={() => void navigate('/township')} />;
}
