// 救助会诊: the township station, the grid worker and the family sit down and agree which
// services the person needs and how often; the latest assessment is the recipient's needs
// list. A new assessment starts from the last one's list, since it mostly revises it. The
// server checks the list again; a refusal about one line is said on that line.
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { DeleteOutlined, FormOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../app/errors';
import { countyToday } from '../../../app/format';
import { showRefusalAtField } from '../../../app/form-refusal';
import { useLocalName } from '../../../app/page-parts';
import { NEEDS_CATALOG, RECORD_NEEDS_ASSESSMENT, type RecipientDetail } from '../operations';

/** As the server has it (registry/assessments.ts): at most twice a day. */
const MAX_TIMES_PER_MONTH = 62;

interface NeedLine {
  serviceItemId?: string;
  timesPerMonth?: number;
  note?: string;
}

interface Values {
  assessedOn: Dayjs;
  participants?: string;
  summary?: string;
  needs: NeedLine[];
}

export function RecordNeedsAssessment({ recipient }: { recipient: RecipientDetail }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const name = useLocalName();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const [catalog] = useQuery({ query: NEEDS_CATALOG, variables: {}, pause: !open });
  const [state, record] = useMutation(RECORD_NEEDS_ASSESSMENT);
  const last = recipient.latestAssessment;
  const today = countyToday();
  const options = (catalog.data?.serviceCatalog ?? []).map((c) => ({
    label: name(c),
    title: name(c),
    options: c.items.map((i) => ({ value: i.id, label: `${name(i)}（${t(`registry.assess.units.${i.unit}`)}）` })),
  }));

  const onFinish = async (v: Values) => {
    setError(null);
    const result = await record(
      {
        input: {
          recipientId: recipient.id,
          assessedOn: v.assessedOn.format('YYYY-MM-DD'),
          participants: v.participants?.trim() || null,
          summary: v.summary?.trim() || null,
          needs: v.needs.map((n) => ({ serviceItemId: n.serviceItemId!, timesPerMonth: n.timesPerMonth!, note: n.note?.trim() || null })),
        },
      },
      // the recipient's page shows the latest assessment: read it again, whether it had one or not
      { additionalTypenames: ['Recipient'] },
    );
    if (result.data) {
      setOpen(false);
      void message.success(t('registry.assess.done', { name: recipient.name }));
      return;
    }
    const placed = showRefusalAtField(form, result.error, {
      serviceItemId: (i: number) => ['needs', i, 'serviceItemId'],
      timesPerMonth: (i: number) => ['needs', i, 'timesPerMonth'],
      note: (i: number) => ['needs', i, 'note'],
    });
    if (!placed) setError(errorMessage(result.error));
  };

  return (
    <>
      <Button
        type="primary"
        ghost
        icon={<FormOutlined aria-hidden />}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        data-testid="record-assessment"
      >
        {t('registry.assess.button')}
      </Button>
      <Modal
        open={open}
        width={760}
        title={t('registry.assess.title', { name: recipient.name })}
        okText={t('registry.assess.submit')}
        cancelText={t('registry.assess.cancel')}
        confirmLoading={state.fetching}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t(last ? 'registry.assess.helpFromLast' : 'registry.assess.help')}</Typography.Paragraph>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => void onFinish(v)}
          initialValues={{
            assessedOn: dayjs(today),
            participants: last?.participants ?? t('registry.assess.participantsDefault'),
            needs: last?.needs.map((n) => ({ serviceItemId: n.serviceItem.id, timesPerMonth: n.timesPerMonth, note: n.note })) ?? [{}],
          }}
          data-testid="assessment-form"
        >
          <Flex gap={12} wrap>
            <Form.Item name="assessedOn" label={t('registry.assess.assessedOn')} rules={[{ required: true, message: t('registry.assess.required') }]}>
              <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
            </Form.Item>
            <Form.Item name="participants" label={t('registry.assess.participants')} style={{ flex: '1 1 320px' }}>
              <Input maxLength={200} />
            </Form.Item>
          </Flex>
          <Form.Item name="summary" label={t('registry.assess.summary')} extra={t('registry.assess.summaryHelp')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.List
            name="needs"
            rules={[
              {
                validator: async (_r, needs?: NeedLine[]) => {
                  if (!needs?.length) throw new Error(t('common:errors.reasons.NEEDS_LIST_EMPTY'));
                },
              },
            ]}
          >
            {(lines, { add, remove }, { errors }) => (
              <fieldset className="needs-fieldset">
                <legend>{t('registry.assess.needs')}</legend>
                {lines.map((line, i) => (
                  <Flex key={line.key} gap={8} align="start" wrap data-testid="need-line">
                    <Form.Item
                      name={[line.name, 'serviceItemId']}
                      label={t('registry.assess.item', { n: i + 1 })}
                      style={{ flex: '2 1 220px', marginBottom: 12 }}
                      dependencies={lines.filter((other) => other.key !== line.key).map((other) => ['needs', other.name, 'serviceItemId'])}
                      rules={[
                        { required: true, message: t('registry.assess.itemRequired') },
                        ({ getFieldValue }) => ({
                          validator: async (_r, id?: string) => {
                            const all = (getFieldValue('needs') as NeedLine[]).map((n) => n?.serviceItemId);
                            if (id && all.indexOf(id) !== i) throw new Error(t('common:errors.reasons.NEED_LISTED_TWICE'));
                          },
                        }),
                      ]}
                    >
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        options={options}
                        loading={catalog.fetching}
                        placeholder={t('registry.assess.itemPlaceholder')}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[line.name, 'timesPerMonth']}
                      label={t('registry.assess.timesPerMonth')}
                      style={{ flex: '0 0 120px', marginBottom: 12 }}
                      rules={[
                        { required: true, message: t('registry.assess.timesRequired') },
                        {
                          type: 'integer',
                          min: 1,
                          max: MAX_TIMES_PER_MONTH,
                          message: t('common:errors.reasons.NEED_TIMES_PER_MONTH', { min: 1, max: MAX_TIMES_PER_MONTH }),
                        },
                      ]}
                    >
                      {/* no min or max: a number out of range is said at the field, not silently changed */}
                      <InputNumber precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item name={[line.name, 'note']} label={t('registry.assess.note')} style={{ flex: '2 1 200px', marginBottom: 12 }}>
                      <Input maxLength={200} placeholder={t('registry.assess.notePlaceholder')} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined aria-hidden />}
                      aria-label={t('registry.assess.remove', { n: i + 1 })}
                      onClick={() => remove(line.name)}
                      disabled={lines.length === 1}
                      style={{ marginTop: 30 }}
                    />
                  </Flex>
                ))}
                <Form.ErrorList errors={errors} />
                <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({})} block data-testid="add-need">
                  {t('registry.assess.add')}
                </Button>
              </fieldset>
            )}
          </Form.List>
        </Form>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginTop: 12 }} />}
      </Modal>
    </>
  );
}
