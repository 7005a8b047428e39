// The operations the simulation sends, as the product's clients send them.

export const ADVANCE_CLOCK = `mutation($to: DateTime!) { advanceSimulatedClock(to: $to) { now offsetMs workersApplied waitingFor } }`;
export const PLACE_ORDER = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id amount } }`;
export const CANCEL_ORDER = `mutation($id: ID!, $reason: String!) { cancelOrder(orderId: $id, reason: $reason) { id } }`;
export const ACCEPT_JOB = `mutation($id: ID!) { acceptJob(orderId: $id) { id } }`;
export const DECLINE_JOB = `mutation($id: ID!, $reason: String!) { declineJob(orderId: $id, reason: $reason) { id } }`;
export const CHECK_IN = `mutation($input: CheckInInput!) { checkIn(input: $input) { flags } }`;
export const CHECK_OUT = `mutation($input: CheckOutInput!) { checkOut(input: $input) { flags countable } }`;
export const CONFIRM = `mutation($id: ID!, $code: String) { confirmService(orderId: $id, cardCode: $code) { id } }`;
export const RATE = `mutation($id: ID!, $stars: Int!, $comment: String) { rateService(orderId: $id, stars: $stars, comment: $comment) { stars } }`;
export const RESOLVE_EXCEPTION = `mutation($id: ID!, $code: VisitResolutionCode!, $note: String!, $end: DateTime) {
  resolveVisitException(orderId: $id, code: $code, note: $note, correctedEnd: $end) { countable } }`;
export const REBOOK_MISSED = `mutation($id: ID!, $start: DateTime!, $end: DateTime!, $reason: String!) {
  rebookMissedOrder(orderId: $id, windowStart: $start, windowEnd: $end, reason: $reason) { id } }`;
export const RESCHEDULE = `mutation($id: ID!, $start: DateTime!, $end: DateTime!, $reason: String!) {
  rescheduleOrder(orderId: $id, windowStart: $start, windowEnd: $end, reason: $reason) { id } }`;
export const REOPEN_COMPLAINT = `mutation($id: ID!, $reason: String!) { reopenComplaint(complaintId: $id, reason: $reason) { id } }`;
export const CHANGE_STATUS = `mutation($id: ID!, $status: RecipientStatus!, $reason: String!) { changeRecipientStatus(recipientId: $id, status: $status, reason: $reason) { id } }`;
export const MOVE_RECIPIENT = `mutation($id: ID!, $input: MoveRecipientInput!) { moveRecipient(recipientId: $id, input: $input) { id } }`;
export const RECORD_COMPLAINT = `mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) { id } }`;
export const DISPUTE = `mutation($id: ID!, $reason: String!) { disputeService(orderId: $id, reason: $reason) { id } }`;
export const ASSIGN_COMPLAINT = `mutation($id: ID!, $org: ID, $township: ID) { assignComplaint(complaintId: $id, organisationId: $org, townshipId: $township) { id } }`;
export const VERIFY_COMPLAINT = `mutation($id: ID!, $upheld: Boolean!, $findings: String!) { verifyComplaint(complaintId: $id, upheld: $upheld, findings: $findings) { id } }`;
export const ANSWER_COMPLAINT = `mutation($id: ID!, $answer: String!) { answerComplaint(complaintId: $id, answer: $answer) { id } }`;
export const CLOSE_COMPLAINT = `mutation($id: ID!) { closeComplaint(complaintId: $id) { id } }`;
export const RECORD_RETURN_VISIT = `mutation($id: ID!, $answers: [Int!]!, $comment: String) { recordReturnVisit(returnVisitId: $id, answers: $answers, comment: $comment) { id } }`;
export const MISS_RETURN_VISIT = `mutation($id: ID!, $reason: String!) { markReturnVisitMissed(returnVisitId: $id, reason: $reason) { id } }`;
export const DRAW_SAMPLE = `mutation($id: ID!) { drawScoreSample(scoreId: $id) { id sample { order { id } } } }`;
export const REVIEW_SAMPLE = `mutation($id: ID!, $order: ID!, $finding: String!) { reviewSampledService(scoreId: $id, orderId: $order, finding: $finding) { id } }`;
export const SIGN_OFF = `mutation($id: ID!) { signOffScore(scoreId: $id) { id grade finalScore } }`;
export const MONTH_CLOSING = `query($month: String!) { monthClosing(month: $month) { closable unfinishedServices } }`;
export const SCORES = `query($month: String!) { organisationScores(month: $month) { id status grade finalScore organisation { id } } }`;
export const RUN_SETTLEMENT = `mutation($org: ID!, $month: String!) { runSettlement(organisationId: $org, month: $month) { id status payable } }`;
export const APPROVE = `mutation($id: ID!, $zeroNote: String) { approveSettlement(settlementId: $id, zeroNote: $zeroNote) { id } }`;
export const MARK_PAID = `mutation($id: ID!, $ref: String!) { markSettlementPaid(settlementId: $id, paymentReference: $ref) { id } }`;

// the year report reads what the county's own staff would see
export const SETTLEMENTS = `query($year: Int!) { settlements(year: $year) { id month status grade coefficient services value withheldByGrade withheldByCap payable carerPay organisation { id name } } }`;
export const CARER_EARNINGS = `query($year: Int!) { carerEarnings(year: $year) { services yearTotal carer { id } } }`;
/** The year's row of how soon orders got their first carer (month null). */
export const RESPONSE_TIMES = `query($year: Int!) { serviceStatistics(year: $year) { responseTimes { month ordersPlaced carerSent medianMinutes p90Minutes } } }`;
export const PUBLIC_STATISTICS = `query($year: Int!) { publicStatistics(year: $year) { month servicesDelivered amountSpent ratingCount averageRating returnVisitCount averageSatisfaction } }`;
export const BUDGET_ACCOUNTS = `query($year: Int!, $after: String) { budgetAccounts(year: $year, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { allocated held spent } } } }`;
/** What the scores say about missed visits (the 'miss' events of each month, against the services taken). */
export const SCORE_VOLUMES = `query($month: String!) { organisationScores(month: $month) { servicesMissed servicesAccepted } }`;
