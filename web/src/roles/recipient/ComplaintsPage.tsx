// 我的投诉: the recipient's complaints with where each stands and its answer, reopened from
// here when they are not satisfied; the hotline always one tap away, and a new complaint too.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MyComplaints } from './MyComplaints';
import { HotlineButton } from './parts';

export default function ComplaintsPage() {
  const { t } = useTranslation('recipient');
  return (
    <div className="rcp-page">
      <h2 className="rcp-h2">{t('complain.mine')}</h2>
      <HotlineButton />
      <MyComplaints />
      <Link to="/m/complain" className="rcp-card rcp-link-card" data-testid="new-complaint">
        {t('complain.newComplaint')}
      </Link>
    </div>
  );
}
