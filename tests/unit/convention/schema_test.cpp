// Database schema: tables, keys, FK inference, UNIQUE on relation keys, CHECKs, dialects, state.
#include <gtest/gtest.h>

#include "unit/convention/model_support.h"

namespace s2r::convention {
namespace {

using testing::BuildModel;

std::vector<std::string> CheckSql(const Table& table) {
  std::vector<std::string> out;
  for (const CheckConstraint& check : table.checks) {
    out.push_back(check.name + ": " + (check.supported ? check.sql : "<unsupported>"));
  }
  return out;
}

TEST(Schema, UrlShortenerPostgres) {
  S2R_FIXTURE_OR_SKIP(text, "url_shortener");
  auto built = BuildModel(text);
  const Table& table = built->Table("url_mappings");
  std::vector<std::string> columns;
  for (const Column& c : table.columns) {
    columns.push_back(c.name + " " + c.sql_type + (c.nullable ? " NULL" : ""));
  }
  EXPECT_EQ(columns, (std::vector<std::string>{"id BIGSERIAL", "code TEXT", "url TEXT",
                                               "created_at TIMESTAMPTZ", "click_count INTEGER",
                                               "updated_at TIMESTAMPTZ"}));
  EXPECT_TRUE(built->Column("url_mappings", "id").autoincrement);
  EXPECT_EQ(built->Column("url_mappings", "updated_at").server_default.kind, DefaultKind::kNow);
  EXPECT_TRUE(built->Column("url_mappings", "updated_at").on_update_now);
  // The key of `store`/`metadata` is unique (DECISIONS item 3).
  EXPECT_TRUE(built->Column("url_mappings", "code").unique);
  ASSERT_EQ(table.uniques.size(), 1u);
  EXPECT_EQ(table.uniques[0].name, "uq_url_mappings_code");
  EXPECT_EQ(CheckSql(table),
            (std::vector<std::string>{
                "ck_url_mappings_code_min_length: length(code) >= 6",
                "ck_url_mappings_code_pattern: code ~ '^(?:^[a-zA-Z0-9]+$)$'",
                "ck_url_mappings_url_min_length: length(url) >= 1",
                "ck_url_mappings_url_pattern: url ~ '^(?:^https?://[^\\s\\x00-\\x1f\\x7f]+)$'",
                "ck_url_mappings_click_count_min: click_count >= 0",
            }));
  EXPECT_FALSE(built->model.has_service_state);
  const StateBinding* store = built->model.FindState("store");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->storage, StateStorage::kEntityColumns);
  EXPECT_EQ(store->key_column, "code");
  EXPECT_EQ(store->value_column, "url");
  EXPECT_EQ(built->model.FindState("metadata")->storage, StateStorage::kEntityRows);
  EXPECT_EQ(built->model.FindState("base_url")->storage, StateStorage::kSetting);
}

TEST(Schema, UrlShortenerSqliteAndMysql) {
  S2R_FIXTURE_OR_SKIP(text, "url_shortener");
  auto sqlite = BuildModel(text, Dialect::kSqlite);
  EXPECT_EQ(sqlite->Column("url_mappings", "id").sql_type, "INTEGER");
  EXPECT_EQ(sqlite->Column("url_mappings", "id").canonical_sql_type, "BIGSERIAL");
  EXPECT_EQ(sqlite->Column("url_mappings", "created_at").sql_type, "DATETIME");
  EXPECT_EQ(sqlite->Column("url_mappings", "created_at").canonical_sql_type, "TIMESTAMPTZ");
  EXPECT_EQ(CheckSql(sqlite->Table("url_mappings"))[1],
            "ck_url_mappings_code_pattern: <unsupported>");

  auto mysql = BuildModel(text, Dialect::kMysql);
  // A unique key must be VARCHAR on MySQL, and the API learns the same limit.
  EXPECT_EQ(mysql->Column("url_mappings", "code").sql_type, "VARCHAR(255)");
  EXPECT_EQ(mysql->Column("url_mappings", "url").sql_type, "TEXT");
  EXPECT_EQ(mysql->Column("url_mappings", "created_at").sql_type, "DATETIME(6)");
  const Constraints& code = mysql->Entity("UrlMapping").FindField("code")->validation.value;
  ASSERT_TRUE(code.max_length);
  EXPECT_EQ(code.max_length->value, 255);
  EXPECT_EQ(code.max_length->origin, ConstraintOrigin::kDialectLimit);
  const Constraints& url = mysql->Entity("UrlMapping").FindField("url")->validation.value;
  ASSERT_TRUE(url.max_length);
  EXPECT_EQ(url.max_length->value, 16383);
  std::vector<std::string> checks = CheckSql(mysql->Table("url_mappings"));
  EXPECT_EQ(checks[0], "ck_url_mappings_code_min_length: char_length(code) >= 6");
  EXPECT_EQ(checks[3],
            "ck_url_mappings_url_pattern: url REGEXP '^(?:^https?://[^\\\\s\\\\x00-\\\\x1f\\\\x7f]+)$'");
  // The PostgreSQL model has no API length limit on url.
  auto pg = BuildModel(text);
  EXPECT_FALSE(pg->Entity("UrlMapping").FindField("url")->validation.value.max_length);
}

TEST(Schema, EcommerceForeignKeysUniquesTriggersAndState) {
  S2R_FIXTURE_OR_SKIP(text, "ecommerce");
  auto built = BuildModel(text);
  // FK by name: `order_id` -> orders.id with the PK's (widened) BIGINT type.
  const Column& order_id = built->Column("line_items", "order_id");
  EXPECT_EQ(order_id.sql_type, "BIGINT");
  EXPECT_EQ(built->Column("orders", "id").sql_type, "BIGINT");
  ASSERT_TRUE(order_id.foreign_key);
  const ForeignKey& fk = built->Table("line_items").foreign_keys[*order_id.foreign_key];
  EXPECT_EQ(fk.name, "fk_line_items_order_id");
  EXPECT_EQ(fk.ref_table, "orders");
  EXPECT_EQ(fk.ref_column, "id");
  EXPECT_EQ(fk.on_delete, "CASCADE");
  EXPECT_EQ(fk.inferred_by, ForeignKeyInference::kFieldName);
  EXPECT_TRUE(built->Column("payments", "order_id").foreign_key.has_value());
  // `customer_id` names no entity: a plain INTEGER.
  EXPECT_FALSE(built->Column("orders", "customer_id").foreign_key.has_value());
  EXPECT_EQ(built->Column("orders", "customer_id").sql_type, "INTEGER");
  // Order.items is carried by line_items.order_id: no column.
  const EntityField* items = built->Entity("Order").FindField("items");
  EXPECT_EQ(items->storage, FieldStorage::kChildRows);
  EXPECT_EQ(items->child_fk_column, "order_id");
  EXPECT_EQ(built->Table("orders").FindColumn("items"), nullptr);
  // Relation keys are unique.
  EXPECT_TRUE(built->Column("products", "sku").unique);
  EXPECT_TRUE(built->Column("inventory_entries", "sku").unique);
  EXPECT_EQ(built->Column("products", "sku").sql_type, "VARCHAR(20)");
  // `invariant: price > 0` tightens Money's `value >= 0`.
  EXPECT_EQ(CheckSql(built->Table("products")).back(), "ck_products_price_min: price > 0");
  EXPECT_EQ(built->Entity("Product").FindField("price")->validation.value.minimum->origin,
            ConstraintOrigin::kInvariant);
  ASSERT_EQ(built->model.schema.triggers.size(), 1u);
  const AggregateTrigger& trigger = built->model.schema.triggers[0];
  EXPECT_EQ(trigger.name, "trg_recalc_order_subtotal");
  EXPECT_EQ(trigger.source_table, "line_items");
  EXPECT_EQ(trigger.source_column, "line_total");
  EXPECT_EQ(trigger.source_fk_column, "order_id");
  // Partial index from `Product.partial_index "active"`.
  const Index& partial = built->Table("products").indexes.back();
  EXPECT_EQ(partial.name, "idx_products_active_partial");
  EXPECT_EQ(partial.where, "active = true");
  // Counters live in service_state, seeded from invariants and alias bounds.
  ASSERT_TRUE(built->model.has_service_state);
  EXPECT_EQ(built->model.FindState("next_order_id")->seed, 1);
  EXPECT_EQ(built->model.FindState("next_payment_id")->seed, 1);
  EXPECT_EQ(built->Column("service_state", "next_order_id").server_default.literal, "1");
  // Line-item totals are a multi-field invariant: a runtime check, not a CHECK.
  ASSERT_FALSE(built->Entity("LineItem").invariant_checks.empty());
  EXPECT_EQ(built->Entity("LineItem").invariant_checks[0].text, "line_total = unit_price * quantity");
}

TEST(Schema, EcommerceMysqlDegradesThePartialIndex) {
  S2R_FIXTURE_OR_SKIP(text, "ecommerce");
  auto built = BuildModel(text, Dialect::kMysql);
  EXPECT_EQ(built->Codes(), std::vector<std::string>{"E0630"});
  const Index& partial = built->Table("products").indexes.back();
  EXPECT_TRUE(partial.degraded);
  EXPECT_TRUE(partial.where.empty());
}

TEST(Schema, ForeignKeyByTypeAgreesWithTheReferencedKey) {
  auto built = BuildModel(R"(service S {
  entity User { id: Int where value > 0  name: String }
  entity Tag { label: String }
  entity Post { author: User  reviewer: Option[User]  tag: Tag  tags: Set[Tag]  user_id: Int }
  state { users: Int -> lone User  posts: Int -> lone Post  tags: Int -> lone Tag }
})");
  EXPECT_TRUE(built->Codes().empty()) << ::testing::PrintToString(built->Messages());
  const Column& author = built->Column("posts", "author_id");
  EXPECT_EQ(author.sql_type, "BIGINT");
  EXPECT_FALSE(author.nullable);
  const Table& posts = built->Table("posts");
  EXPECT_EQ(posts.foreign_keys[*author.foreign_key].inferred_by, ForeignKeyInference::kFieldType);
  EXPECT_EQ(posts.foreign_keys[*author.foreign_key].ref_table, "users");
  const Column& reviewer = built->Column("posts", "reviewer_id");
  EXPECT_TRUE(reviewer.nullable);
  EXPECT_EQ(posts.foreign_keys[*reviewer.foreign_key].on_delete, "SET NULL");
  // FK by name to the explicit (widened) Int id.
  const Column& user_id = built->Column("posts", "user_id");
  EXPECT_EQ(user_id.sql_type, "BIGINT");
  EXPECT_EQ(posts.foreign_keys[*user_id.foreign_key].inferred_by, ForeignKeyInference::kFieldName);
  // Set[Tag] without a back reference: a junction table.
  const EntityField* tags = built->Entity("Post").FindField("tags");
  EXPECT_EQ(tags->storage, FieldStorage::kJunction);
  const Table& junction = built->Table("posts_tags");
  EXPECT_EQ(junction.kind, TableKind::kJunction);
  EXPECT_EQ(junction.foreign_keys.size(), 2u);
  EXPECT_EQ(junction.uniques.size(), 1u);
  // On SQLite the synthesized Tag id is INTEGER (rowid); FKs to it stay 64-bit.
  auto sqlite = BuildModel(R"(service S {
  entity Tag { label: String }
  entity Post { tag: Tag }
  state { posts: Int -> lone Post  tags: Int -> lone Tag }
})", Dialect::kSqlite);
  EXPECT_EQ(sqlite->Column("tags", "id").sql_type, "INTEGER");
  EXPECT_EQ(sqlite->Column("posts", "tag_id").sql_type, "BIGINT");
}

TEST(Schema, EnumsCollectionsAndQuotedColumns) {
  auto built = BuildModel(R"(service S {
  enum Color { RED, GREEN }
  entity Thing { order: Int where value >= 1  color: Color  labels: Set[String]  meta: Map[String, Int] }
  state { things: Int -> lone Thing }
})");
  EXPECT_EQ(built->Column("things", "color").sql_type, "VARCHAR(5)");
  EXPECT_EQ(built->Column("things", "labels").sql_type, "JSONB");
  EXPECT_EQ(built->Column("things", "labels").server_default.sql, "'[]'::jsonb");
  EXPECT_EQ(built->Column("things", "meta").server_default.sql, "'{}'::jsonb");
  EXPECT_EQ(CheckSql(built->Table("things")),
            (std::vector<std::string>{"ck_things_order_min: \"order\" >= 1",
                                      "ck_things_color_allowed: color IN ('RED', 'GREEN')"}));
  auto mysql = BuildModel(R"(service S {
  entity Thing { order: Int where value >= 1  labels: Set[String] }
  state { things: Int -> lone Thing }
})", Dialect::kMysql);
  EXPECT_EQ(CheckSql(mysql->Table("things"))[0], "ck_things_order_min: `order` >= 1");
  EXPECT_EQ(mysql->Column("things", "labels").server_default.sql, "(JSON_ARRAY())");
}

TEST(Schema, ReservedAndCollidingNames) {
  auto built = BuildModel(R"(service S {
  entity Version { x: Int }
  entity Item { clickCount: Int  click_count: Int }
  state { a: Int -> lone Version  items: Int -> lone Item }
  conventions { Version.db_table = "alembic_version" }
})");
  EXPECT_EQ(built->Codes(), (std::vector<std::string>{"E0632", "E0631"}));
}

TEST(Schema, StateBindings) {
  S2R_FIXTURE_OR_SKIP(text, "edge_cases");
  auto built = BuildModel(text);
  EXPECT_EQ(built->model.FindState("plain")->storage, StateStorage::kScalarColumn);
  EXPECT_EQ(built->model.FindState("plain")->seed, 0);
  // one_rel is written by PrimedVars and backed by no entity: a JSON column of service_state.
  EXPECT_EQ(built->model.FindState("one_rel")->storage, StateStorage::kStateColumn);
  EXPECT_EQ(built->Column("service_state", "one_rel").sql_type, "JSONB");
  // Never written: a configuration setting.
  EXPECT_EQ(built->model.FindState("opt_state")->storage, StateStorage::kSetting);
  EXPECT_EQ(built->model.FindState("seq_state")->storage, StateStorage::kSetting);
  // Inheritance is flattened: Child has Base's fields first.
  const Entity& child = built->Entity("Child");
  ASSERT_GE(child.fields.size(), 4u);
  EXPECT_EQ(child.fields[0].name, "id");
  EXPECT_EQ(child.fields[3].name, "score");
  EXPECT_EQ(child.fields[3].validation.value.maximum->value, "100.0");
}

}  // namespace
}  // namespace s2r::convention
