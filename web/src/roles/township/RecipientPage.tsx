import { useNavigate } from 'react-router';
import { RecipientDetail } from '../admin/registry/RecipientDetail';

// the lifecycle moves are the county admin console's; a move to another village is the
// township's own (it hands the household over), after which the recipient is the new
// township's and the page goes back to the list
export default function RecipientPage() {
  const navigate = useNavigate();
  return <RecipientDetail backTo="/township" manage={false} move onMoved={() => void navigate('/township')} />;
}
