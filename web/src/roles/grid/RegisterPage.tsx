// Registering someone the grid worker found in need (主动发现), in one of their villages: the
// registry's form, with big controls in one column. They are a candidate until the township
// station verifies them; their page opens once registered.
import { App } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useViewer } from '../../app/session';
import { RegisterRecipientForm } from '../admin/registry/RegisterRecipient';
import './grid.css';

export default function RegisterPage() {
  const { t } = useTranslation('grid');
  const { message } = App.useApp();
  const viewer = useViewer();
  const navigate = useNavigate();
  return (
    <div className="grid-page grid-form">
      <Link to="/grid" className="grid-muted">
        <ArrowLeftOutlined aria-hidden /> {t('recipient.back')}
      </Link>
      <div>
        <h2 className="grid-h2">{t('register.title')}</h2>
        <p className="grid-muted" style={{ margin: '4px 0 0' }}>
          {t('register.help')}
        </p>
      </div>
      <section className="grid-card" aria-label={t('register.title')}>
        <RegisterRecipientForm
          large
          scope={{ villages: viewer.villages }}
          onCancel={() => void navigate('/grid')}
          onRegistered={(r) => {
            void message.success(t('register.done', { name: r.name }));
            void navigate(`/grid/recipients/${r.id}`);
          }}
        />
      </section>
    </div>
  );
}
