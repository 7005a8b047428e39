// The GraphQL operations the k6 scripts send, in one place. Plain strings with no k6
// import, so they can be checked against schema.graphql outside k6 (see README, "Load tests
// and benchmarks").

export const SIGN_IN = `mutation SignIn($username: String!, $password: String!) {
  signIn(username: $username, password: $password) { token user { id role } }
}`;

export const ME = `query Me { me { id role recipient { id } carer { id } organisation { id } } }`;

export const CATALOG = `query Catalog {
  serviceCatalog { id nameZh items { id code nameZh price unit isUrgent requiresProfessional active } }
}`;

export const ACTIVE_RECIPIENTS = `query ActiveRecipients($after: String) {
  recipients(filter: { status: ACTIVE }, first: 100, after: $after) {
    edges { node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id status amount windowStart windowEnd serviceItem { id nameZh } }
}`;

export const ORDER = `query Order($id: ID!) {
  order(id: $id) {
    id status amount windowStart windowEnd channel placedByName matchProblem
    serviceItem { id nameZh } carer { id name } organisation { id name }
    events { action fromStatus toStatus channel }
  }
}`;

export const CANCEL_ORDER = `mutation CancelOrder($orderId: ID!, $reason: String!) {
  cancelOrder(orderId: $orderId, reason: $reason) { id status }
}`;

export const DISPATCH_BOARD = `query DispatchBoard {
  dispatchBoard {
    id status isUrgent matchProblem windowStart windowEnd
    serviceItem { id nameZh requiresProfessional }
    recipient { id name village { name } }
    carer { id name }
  }
}`;

export const CARER_CANDIDATES = `query CarerCandidates($orderId: ID!, $limit: Int) {
  carerCandidates(orderId: $orderId, limit: $limit) {
    total
    carer { id name kind }
    factors { name score weight detail }
  }
}`;

export const MY_JOBS = `query MyJobs($from: Date, $to: Date) {
  myJobs(from: $from, to: $to) {
    id status windowStart windowEnd
    serviceItem { id nameZh }
    recipient { id name address }
    place { address latitude longitude }
  }
}`;

export const ACCEPT_JOB = `mutation AcceptJob($orderId: ID!) {
  acceptJob(orderId: $orderId) { id status }
}`;

export const CHECK_IN = `mutation CheckIn($input: CheckInInput!) {
  checkIn(input: $input) { order { id status } checkedInAt checkInDistanceMeters flags }
}`;

export const CHECK_OUT = `mutation CheckOut($input: CheckOutInput!) {
  checkOut(input: $input) { order { id status } durationMinutes standardMinutes flags exceptionStatus countable }
}`;

export const DISPATCH_BOARD_UPDATED = `subscription DispatchBoardUpdated {
  dispatchBoardUpdated { id status isUrgent matchProblem windowStart statusChangedAt }
}`;
