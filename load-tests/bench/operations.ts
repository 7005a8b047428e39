// The GraphQL operations `npm run bench` sends. Reads ask for what their screens show (the
// loaders' queries are part of the work); mutations ask for their own scalars only, so the
// SQL a request runs is the domain function's and the session lookup's, nothing more (the
// raw-SQL limit runs exactly that). server/graphql/load-test-operations.test.ts validates each
// against schema.graphql.

export const SIGN_IN = `mutation SignIn($username: String!, $password: String!) {
  signIn(username: $username, password: $password) { token }
}`;

/** What the mini-program and the hotline console show before ordering (public). */
export const CATALOG = `query Catalog {
  serviceCatalog { id nameZh items { id code nameZh price unit standardMinutes isUrgent requiresProfessional } }
}`;

export const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id status amount windowStart windowEnd }
}`;

/** The dispatcher's board as the console shows it. */
export const DISPATCH_BOARD = `query DispatchBoard {
  dispatchBoard {
    id status isUrgent matchProblem windowStart windowEnd
    serviceItem { id nameZh }
    recipient { id name village { name } }
    carer { id name }
  }
}`;

/** A carer's week, as the carer app shows it. */
export const MY_JOBS = `query MyJobs($from: Date, $to: Date) {
  myJobs(from: $from, to: $to) {
    id status windowStart windowEnd
    serviceItem { id nameZh }
    recipient { id name address }
    place { address latitude longitude }
  }
}`;

export const ACCEPT_JOB = `mutation AcceptJob($orderId: ID!) { acceptJob(orderId: $orderId) { id status } }`;

export const CHECK_IN = `mutation CheckIn($input: CheckInInput!) {
  checkIn(input: $input) { checkedInAt checkInDistanceMeters flags }
}`;

export const CHECK_OUT = `mutation CheckOut($input: CheckOutInput!) {
  checkOut(input: $input) { durationMinutes standardMinutes flags countable }
}`;

export const DISPATCH_BOARD_UPDATED = `subscription DispatchBoardUpdated {
  dispatchBoardUpdated { id status isUrgent matchProblem windowStart }
}`;
