// The recipient's service card (服务卡) on their page: its number, issuing a first card or a new
// one for a lost card (a new number and confirmation code: the old card stops working), and
// the printable card. Cards are for verified, active or suspended recipients (the server's
// rule, service-cards.ts); becoming active issues one by itself.
import { Alert, App, Button, Flex, Popconfirm, Typography } from 'antd';
import { IdcardOutlined, PrinterOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../app/errors';
import { formatDateTime } from '../../../app/format';
import { ISSUE_SERVICE_CARD, type RecipientDetail, type RecipientStatus } from '../operations';

/** Statuses in which a recipient may hold a card (registry/service-cards.ts). */
const cardStatuses: readonly RecipientStatus[] = ['VERIFIED', 'ACTIVE', 'SUSPENDED'];

export function ServiceCard({ recipient, printPath }: { recipient: RecipientDetail; printPath: string }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [issuing, issue] = useMutation(ISSUE_SERVICE_CARD);
  const number = recipient.serviceCardNumber;
  const mayHold = cardStatuses.includes(recipient.status);

  const onIssue = async () => {
    const result = await issue({ recipientId: recipient.id });
    if (result.data) void message.success(t('registry.cards.issued', { number: result.data.issueServiceCard.serviceCardNumber }));
  };

  // a first card at once; a new one for a lost card after a confirmation, since the old card stops working
  const issueButton = (onClick?: () => void) => (
    <Button icon={<IdcardOutlined aria-hidden />} loading={issuing.fetching} type={number ? 'default' : 'primary'} onClick={onClick} data-testid="issue-card">
      {t(number ? 'registry.cards.reissue' : 'registry.cards.issue')}
    </Button>
  );

  return (
    <Flex vertical gap={12}>
      {number ? (
        <Typography.Text>
          {t('registry.cards.number')}
          <strong className="mono" data-testid="card-number">
            {number}
          </strong>
          {recipient.serviceCardIssuedAt && (
            <Typography.Text type="secondary"> · {t('registry.cards.issuedAt', { at: formatDateTime(recipient.serviceCardIssuedAt) })}</Typography.Text>
          )}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">{t('registry.noCard')}</Typography.Text>
      )}
      {mayHold ? (
        <Flex gap={8} wrap>
          {number ? (
            <Popconfirm
              title={t('registry.cards.reissueConfirm')}
              onConfirm={() => void onIssue()}
              okText={t('registry.cards.reissueOk')}
              cancelText={t('registry.lifecycle.cancel')}
            >
              {issueButton()}
            </Popconfirm>
          ) : (
            issueButton(() => void onIssue())
          )}
          {number && (
            <Button icon={<PrinterOutlined aria-hidden />} onClick={() => void navigate(printPath)} data-testid="print-card-link">
              {t('registry.cards.print')}
            </Button>
          )}
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t('registry.cards.notForStatus')}</Typography.Text>
      )}
      {issuing.error && <Alert type="error" showIcon role="alert" title={errorMessage(issuing.error)} />}
    </Flex>
  );
}
