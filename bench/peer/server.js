// The peer in casegraph's API benchmark (make bench-peer, docs/benchmarks.md):
// casegraph's payment model served straight from the same Neo4j by
// @neo4j/graphql on Apollo Server, the way one would build it without
// casegraph. bench/api starts it (node bench/peer/server.js) with NEO4J_URI
// and PORT, waits for it to answer, and sends it the same logical queries it
// sends casegraph.
//
// The Neo4j JavaScript driver (5.28) leaves Nagle's algorithm on for its
// Bolt socket, and a request then waits about 40 ms for a delayed TCP ACK
// (measured here: 52 ms per request one at a time, 9 ms with TCP_NODELAY).
// That is a socket setting, not @neo4j/graphql, so the peer turns
// TCP_NODELAY on for its outgoing connections unless PEER_NODELAY=0, which
// runs it as it comes out of npm.
//
// Every casegraph node carries the label Entity and its schema as a second
// label, so each type here matches both labels. Links are relationships
// carrying casegraph's link properties (id, role, dates, source ids).

import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";
import net from "node:net";

export const typeDefs = /* GraphQL */ `
  type Link @relationshipProperties {
    id: ID
    role: String
    startDate: String
    endDate: String
    sourceIds: [String!]
  }

  union Party = Person | Company

  type Person @node(labels: ["Person", "Entity"]) {
    id: ID!
    schema: String
    name: String
    aliases: [String!]
    birthDate: String
    nationality: [String!]
    position: String
    paid: [Payment!]! @relationship(type: "PAID", direction: OUT, properties: "Link")
    received: [Payment!]! @relationship(type: "PAID_TO", direction: IN, properties: "Link")
    accounts: [BankAccount!]! @relationship(type: "HOLDS_ACCOUNT", direction: OUT, properties: "Link")
  }

  type Company @node(labels: ["Company", "Entity"]) {
    id: ID!
    schema: String
    name: String
    aliases: [String!]
    jurisdiction: String
    registrationNumber: String
    paid: [Payment!]! @relationship(type: "PAID", direction: OUT, properties: "Link")
    received: [Payment!]! @relationship(type: "PAID_TO", direction: IN, properties: "Link")
    accounts: [BankAccount!]! @relationship(type: "HOLDS_ACCOUNT", direction: OUT, properties: "Link")
  }

  type Payment @node(labels: ["Payment", "Entity"]) {
    id: ID!
    schema: String
    name: String
    amount: Float
    currency: String
    date: String
    purpose: String
    payer: [Party!]! @relationship(type: "PAID", direction: IN, properties: "Link")
    beneficiary: [Party!]! @relationship(type: "PAID_TO", direction: OUT, properties: "Link")
    fromAccount: [BankAccount!]! @relationship(type: "FROM_ACCOUNT", direction: OUT, properties: "Link")
    toAccount: [BankAccount!]! @relationship(type: "TO_ACCOUNT", direction: OUT, properties: "Link")
  }

  type BankAccount @node(labels: ["BankAccount", "Entity"]) {
    id: ID!
    schema: String
    name: String
    iban: String
    currency: String
    holders: [Party!]! @relationship(type: "HOLDS_ACCOUNT", direction: IN, properties: "Link")
    debits: [Payment!]! @relationship(type: "FROM_ACCOUNT", direction: IN, properties: "Link")
    credits: [Payment!]! @relationship(type: "TO_ACCOUNT", direction: IN, properties: "Link")
  }
`;

const noDelay = process.env.PEER_NODELAY !== "0";
if (noDelay) {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    this.setNoDelay(true);
    return connect.apply(this, args);
  };
}

async function main() {
  const uri = process.env.NEO4J_URI || "bolt://127.0.0.1:7687";
  const port = Number(process.env.PORT || 4000);
  // The local Neo4j runs without authentication, on loopback.
  const driver = neo4j.driver(uri, neo4j.auth.none(), { maxConnectionPoolSize: 64 });
  await driver.verifyConnectivity();
  const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
  const server = new ApolloServer({ schema: await neoSchema.getSchema() });
  const { url } = await startStandaloneServer(server, { listen: { host: "127.0.0.1", port } });
  console.log(`peer ready at ${url} (Neo4j ${uri}, TCP_NODELAY ${noDelay ? "on" : "off"})`);
  const stop = async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error("peer:", err);
  process.exit(1);
});
