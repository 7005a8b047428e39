// The parts of a carer's page: certificates (and adding one), weekly hours (the week grid, to
// change and save), paired recipients (pair and unpair), and turning the carer off or on.
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { useTypedSearch } from '../../../app/typed-search';
import { errorMessage } from '../../../app/errors';
import { showRefusal } from '../../../app/form-refusal';
import { CardHeading, TAG_COLOURS } from '../../../app/page-parts';
import {
  ADD_CARER_QUALIFICATION,
  PAIR_CARER,
  PAIRING_CANDIDATES,
  SET_CARER_ACTIVE,
  SET_CARER_WORKING_HOURS,
  UNPAIR_CARER,
  type CarerDetail,
  type Qualification,
} from '../operations';
import { fitsHalfHours, type HoursRange } from './hours';
import { WeekGrid } from './WeekGrid';

const qualificationKinds: Qualification[] = ['NURSING', 'REHABILITATION', 'COUNSELLING', 'TUTORING', 'SOCIAL_WORK'];

export function QualificationsCard({ carer }: { carer: CarerDetail }) {
  const { t } = useTranslation('dispatch');
  const [adding, setAdding] = useState(false);
  type Row = CarerDetail['qualifications'][number];
  return (
    <Card
      title={<CardHeading>{t('carer.qualifications.title')}</CardHeading>}
      extra={
        <Button icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
          {t('carer.qualifications.add')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('carer.qualifications.help')}</Typography.Paragraph>
      <Table<Row>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={carer.qualifications}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('carer.qualifications.empty')} /> }}
        columns={[
          { title: t('carer.qualifications.kind'), dataIndex: 'kind', render: (k: Qualification) => t(`enums.qualification.${k}`) },
          { title: t('carer.qualifications.number'), dataIndex: 'certificateNumber' },
          { title: t('carer.qualifications.issuedOn'), dataIndex: 'issuedOn' },
          { title: t('carer.qualifications.expiresOn'), dataIndex: 'expiresOn' },
          {
            title: t('carer.qualifications.valid'),
            dataIndex: 'valid',
            render: (valid: boolean) => (
              <Tag color={valid ? TAG_COLOURS.green : TAG_COLOURS.red}>{t(valid ? 'carer.qualifications.isValid' : 'carer.qualifications.isExpired')}</Tag>
            ),
          },
        ]}
      />
      {adding && <QualificationDialog carer={carer} onClose={() => setAdding(false)} />}
    </Card>
  );
}

interface QualificationValues {
  kind: Qualification;
  certificateNumber: string;
  issuedOn: Dayjs;
  expiresOn: Dayjs;
}

function QualificationDialog({ carer, onClose }: { carer: CarerDetail; onClose: () => void }) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const [form] = Form.useForm<QualificationValues>();
  const [state, add] = useMutation(ADD_CARER_QUALIFICATION);
  const [problem, setProblem] = useState<string | null>(null);
  const required = { required: true, message: t('carer.required') };
  const onFinish = async (v: QualificationValues) => {
    setProblem(null);
    const number = v.certificateNumber.trim();
    const result = await add({
      carerId: carer.id,
      input: { kind: v.kind, certificateNumber: number, issuedOn: v.issuedOn.format('YYYY-MM-DD'), expiresOn: v.expiresOn.format('YYYY-MM-DD') },
    });
    if (result.error) return setProblem(showRefusal(form, result.error, { qualification: 'expiresOn' }));
    void message.success(t('carer.qualifications.added', { name: carer.name, number }));
    onClose();
  };
  return (
    <Modal
      open
      title={t('carer.qualifications.addTitle', { name: carer.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('carer.qualifications.submit')}
      cancelText={t('carer.cancel')}
      okButtonProps={{ loading: state.fetching }}
      destroyOnHidden
    >
      <Form<QualificationValues> form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
        <Form.Item name="kind" label={t('carer.qualifications.kind')} rules={[required]}>
          <Select options={qualificationKinds.map((k) => ({ value: k, label: t(`enums.qualification.${k}`) }))} />
        </Form.Item>
        <Form.Item name="certificateNumber" label={t('carer.qualifications.number')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="issuedOn" label={t('carer.qualifications.issuedOn')} rules={[required]} style={{ flex: 1, minWidth: 180 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="expiresOn"
            label={t('carer.qualifications.expiresOn')}
            dependencies={['issuedOn']}
            style={{ flex: 1, minWidth: 180 }}
            rules={[
              required,
              ({ getFieldValue }) => ({
                validator: (_r, value: Dayjs | undefined) => {
                  const issued = getFieldValue('issuedOn') as Dayjs | undefined;
                  return !value || !issued || value.isAfter(issued, 'day')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('carer.qualifications.expiresBeforeIssue')));
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Form>
      {problem && <Alert type="error" showIcon role="alert" title={problem} />}
    </Modal>
  );
}

export function HoursCard({ carer }: { carer: CarerDetail }) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const [draft, setDraft] = useState<HoursRange[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [state, save] = useMutation(SET_CARER_WORKING_HOURS);
  const editing = draft !== null;
  const submit = async () => {
    if (!draft) return;
    setProblem(null);
    const result = await save({ carerId: carer.id, hours: draft });
    if (result.error) return setProblem(errorMessage(result.error));
    void message.success(t('carer.hours.saved', { name: carer.name }));
    setDraft(null);
  };
  return (
    <Card
      title={<CardHeading>{t('carer.hours.title')}</CardHeading>}
      extra={
        editing ? (
          <Flex gap={8}>
            <Button
              onClick={() => {
                setDraft(null);
                setProblem(null);
              }}
            >
              {t('carer.hours.cancel')}
            </Button>
            <Button type="primary" loading={state.fetching} onClick={() => void submit()}>
              {t('carer.hours.save')}
            </Button>
          </Flex>
        ) : (
          <Button
            icon={<EditOutlined aria-hidden />}
            onClick={() => setDraft(carer.workingHours.map(({ weekday, startsAt, endsAt }) => ({ weekday, startsAt, endsAt })))}
          >
            {t('carer.hours.edit')}
          </Button>
        )
      }
    >
      {!editing && carer.workingHours.length === 0 && <Alert type="warning" showIcon title={t('carer.hours.none')} style={{ marginBottom: 12 }} />}
      {editing && !fitsHalfHours(carer.workingHours) && <Alert type="info" showIcon title={t('carer.hours.rounded')} style={{ marginBottom: 12 }} />}
      <WeekGrid value={draft ?? carer.workingHours} onChange={editing ? setDraft : undefined} />
      {problem && <Alert type="error" showIcon role="alert" title={problem} style={{ marginTop: 12 }} />}
    </Card>
  );
}

export function PairingCard({ carer }: { carer: CarerDetail }) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ recipientId: string }>();
  const [state, pair] = useMutation(PAIR_CARER);
  const [problem, setProblem] = useState<string | null>(null);
  const [unpairing, setUnpairing] = useState<CarerDetail['pairedRecipients'][number] | null>(null);
  type Row = CarerDetail['pairedRecipients'][number];
  const onFinish = async ({ recipientId }: { recipientId: string }) => {
    setProblem(null);
    const result = await pair({ carerId: carer.id, recipientId });
    if (result.error) return setProblem(showRefusal(form, result.error));
    const recipient = result.data?.pairCarer.pairedRecipients.find((r) => r.id === recipientId);
    void message.success(t('carer.pairing.paired', { carer: carer.name, recipient: recipient?.name ?? '' }));
    form.resetFields();
  };
  return (
    <Card title={<CardHeading>{t('carer.pairing.title')}</CardHeading>}>
      <Typography.Paragraph type="secondary">{t('carer.pairing.help')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={(v) => void onFinish(v)} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item
          name="recipientId"
          label={t('carer.pairing.choose')}
          extra={t('carer.pairing.search')}
          rules={[{ required: true, message: t('carer.pairing.chooseRequired') }]}
        >
          <RecipientSearch />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={state.fetching} disabled={!carer.active}>
            {t('carer.pairing.pair')}
          </Button>
        </Form.Item>
      </Form>
      {problem && <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} />}
      <Table<Row>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={carer.pairedRecipients}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('carer.pairing.empty')} /> }}
        columns={[
          { title: t('carer.pairing.recipient'), dataIndex: 'name' },
          { title: t('carer.pairing.village'), key: 'village', render: (_, r) => `${r.township.name} ${r.village.name}` },
          { title: t('carer.pairing.status'), dataIndex: 'status', render: (s: Row['status']) => t(`enums.recipientStatus.${s}`) },
          {
            title: '',
            key: 'unpair',
            render: (_, r) => (
              <Button size="small" danger onClick={() => setUnpairing(r)}>
                {t('carer.pairing.unpair')}
              </Button>
            ),
          },
        ]}
      />
      {unpairing && <UnpairDialog carer={carer} recipient={unpairing} onClose={() => setUnpairing(null)} />}
    </Card>
  );
}

function UnpairDialog({ carer, recipient, onClose }: { carer: CarerDetail; recipient: { id: string; name: string }; onClose: () => void }) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const [state, unpair] = useMutation(UNPAIR_CARER);
  const [problem, setProblem] = useState<string | null>(null);
  const names = { carer: carer.name, recipient: recipient.name };
  const confirm = async () => {
    const result = await unpair({ carerId: carer.id, recipientId: recipient.id });
    if (result.error) return setProblem(errorMessage(result.error));
    void message.success(t('carer.pairing.unpaired', names));
    onClose();
  };
  return (
    <Modal
      open
      title={t('carer.pairing.unpairTitle', names)}
      onCancel={onClose}
      onOk={() => void confirm()}
      okText={t('carer.pairing.unpair')}
      cancelText={t('carer.cancel')}
      okButtonProps={{ loading: state.fetching, danger: true }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('carer.pairing.unpairText', names)}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon role="alert" title={problem} />}
    </Modal>
  );
}

/** Finds a recipient the viewer sees by name, phone, card number or the last digits of the ID number. */
function RecipientSearch(props: { id?: string; value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation('dispatch');
  const [search, setTyped] = useTypedSearch();
  const [found] = useQuery({ query: PAIRING_CANDIDATES, variables: { search }, pause: search.length === 0 });
  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      style={{ width: 360, maxWidth: '100%' }}
      loading={found.fetching}
      notFoundContent={null}
      options={(found.data?.recipients.edges.map((e) => e.node) ?? []).map((r) => ({
        value: r.id,
        label: `${r.name} · ${r.township.name}${r.village.name} · ${r.idNumberMasked} · ${t(`enums.recipientStatus.${r.status}`)}`,
      }))}
    />
  );
}

/** Turning a carer off (no new jobs, no pairings) or on again, after a confirmation. */
export function CarerActiveDialog({ carer, onClose }: { carer: CarerDetail; onClose: () => void }) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const [state, setActive] = useMutation(SET_CARER_ACTIVE);
  const [problem, setProblem] = useState<string | null>(null);
  const off = carer.active;
  const confirm = async () => {
    const result = await setActive({ carerId: carer.id, active: !off });
    if (result.error) return setProblem(errorMessage(result.error));
    void message.success(t(off ? 'carer.offDone' : 'carer.onDone', { name: carer.name }));
    onClose();
  };
  return (
    <Modal
      open
      title={t(off ? 'carer.offTitle' : 'carer.onTitle', { name: carer.name })}
      onCancel={onClose}
      onOk={() => void confirm()}
      okText={t(off ? 'carer.turnOff' : 'carer.turnOn')}
      cancelText={t('carer.cancel')}
      okButtonProps={{ loading: state.fetching, danger: off }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t(off ? 'carer.offText' : 'carer.onText', { name: carer.name })}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon role="alert" title={problem} />}
    </Modal>
  );
}
