// The words the blameless review (blameless.cpp) reads sentences with: who
// can be a culprit, what blames, and what only looks as if it did. Private to
// blameless.cpp; kept apart so the lists can grow without the rules moving.
#pragma once

#include <string_view>

namespace scribe::core::blameless_lexicon {

// Capitalised words that start sentences but never name a person: pronouns,
// determiners, connectives, and the process, system and product nouns
// postmortems are made of ("Review didn't catch it" blames a process, which is
// the point; "Checkout failed to load" describes a symptom).
inline constexpr std::string_view kNotPeople[] = {
    "i", "we", "you", "they", "it", "us", "them", "one", "someone", "somebody", "anyone", "anybody",
    "everyone", "everybody", "nobody", "no", "none", "nothing", "something", "everything", "the",
    "a", "an", "our", "my", "your", "their", "its", "his", "her", "this", "that", "these", "those",
    "there", "here", "each", "every", "some", "any", "all", "both", "either", "neither", "if",
    "when", "whenever", "after", "before", "then", "so", "but", "and", "or", "nor", "because",
    "since", "while", "although", "though", "however", "also", "only", "why", "what", "which",
    "who", "how", "where", "once", "until", "as", "yesterday", "today", "tomorrow", "later",
    "eventually", "finally", "first", "second", "third", "next", "last", "unfortunately",
    "meanwhile", "again", "still", "even", "just", "not", "never", "maybe", "perhaps", "code",
    "review", "deploy", "release", "rollout", "rollback", "migration", "automation", "staging",
    "production", "prod", "config", "alert", "alarm", "healthcheck", "health", "check", "test",
    "backup", "cron", "job", "pipeline", "build", "cache", "database", "db", "server", "service",
    "system", "network", "load", "traffic", "query", "process", "procedure", "runbook", "playbook",
    "docs", "change", "patch", "hotfix", "fix", "upgrade", "update", "script", "tool", "team",
    "ops", "on-call", "oncall", "policy", "qa", "infra", "platform", "app", "frontend", "backend",
    "client", "customer", "user", "vendor", "provider", "cert", "disk", "memory", "node", "cluster",
    "pod", "container", "kernel", "firewall", "proxy", "router", "queue", "scheduler", "retry",
    "timeout", "lint",
    // Product areas that fail in postmortems as often as systems do.
    "checkout", "login", "logout", "signup", "search", "mobile", "support", "billing", "auth",
    "web", "website", "site", "homepage", "email", "mail", "cart", "sso", "admin", "inventory",
    "payment", "product", "sales", "finance", "legal", "design", "compute", "ingest", "export",
    "import", "upload", "download", "sync", "edge", "cdn", "gateway", "dashboard", "api", "desktop",
    "feed", "chat", "video", "audio", "voice", "sre", "devops"};

// Products and systems whose names look like first names to a capitalisation rule.
inline constexpr std::string_view kSystems[] = {
    "kubernetes", "postgres", "redis",      "kafka",      "nginx",   "jenkins", "terraform",
    "docker",     "consul",   "vault",      "envoy",      "istio",   "grafana", "prometheus",
    "datadog",    "sentry",   "cloudflare", "fastly",     "akamai",  "linux",   "java",
    "python",     "node",     "ruby",       "rails",      "django",  "spring",  "elasticsearch",
    "cassandra",  "mongo",    "memcached",  "zookeeper",  "etcd",    "helm",    "argo",
    "ansible",    "chef",     "puppet",     "slack",      "matrix",  "github",  "gitlab",
    "bitbucket",  "jira",     "okta",       "stripe",     "twilio",  "heroku",  "azure",
    "google",     "amazon",   "lambda",     "cloudfront", "vercel",  "netlify", "varnish",
    "haproxy",    "traefik",  "celery",     "sidekiq",    "spark",   "hadoop",  "snowflake",
    "airflow",    "chrome",   "safari",     "firefox",    "android", "windows", "ubuntu",
    "debian",     "pingdom"};

// People named by what they do: "the on-call engineer failed to page", "the
// new hire broke prod" blame as surely as a name does.
inline constexpr std::string_view kRoles[] = {
    "engineer", "engineers", "developer", "developers", "dev",      "devs",      "operator",
    "operators", "intern",   "interns",   "hire",       "admin",    "administrator", "dba",
    "sre",      "on-call",   "oncall",    "on-caller",  "reviewer", "contractor", "employee",
    "person",   "guy",       "teammate",  "colleague",  "technician", "analyst",  "manager"};
inline constexpr std::string_view kRoleAdjectives[] = {"new", "junior", "senior", "on-call", "oncall",
                                                "primary", "secondary", "same", "other"};
inline constexpr std::string_view kRoleDeterminers[] = {"the", "our", "a", "an", "that", "this", "one"};

// "X was careless": judgements of a person, not descriptions of a system.
inline constexpr std::string_view kJudgements[] = {"careless", "negligent", "sloppy", "reckless",
                                            "lazy",     "incompetent", "inattentive"};
// "X's mistake", "Bob's fault".
inline constexpr std::string_view kFaultNouns[] = {"mistake", "fault", "error", "oversight", "blunder",
                                            "screwup", "screw-up"};
// What people follow, so "failed to follow the runbook" is about a person
// whoever the subject is (and "failed to follow the redirect" is not).
inline constexpr std::string_view kProcedures[] = {
    "runbook", "runbooks", "procedure", "procedures", "process", "checklist", "playbook",
    "instructions", "docs", "documentation", "steps", "policy", "guidelines", "protocol"};
// "didn't get paged" says what happened to someone, not what they failed to do.
inline constexpr std::string_view kUndergoneVerbs[] = {"get", "receive", "hear", "see", "know"};

// A word before a capitalised one that makes it an object or a thing, not a subject.
inline constexpr std::string_view kNotBeforeSubject[] = {
    "the",  "a",   "an",   "our",   "their",   "its",   "this", "that",
    "from", "in",  "on",   "of",    "by",      "with",  "at",   "for",
    "to",   "via", "into", "using", "through", "about", "over", "under"};

inline constexpr std::string_view kFillerAdverbs[] = {
    "also",  "just",    "again",     "then",     "simply", "apparently", "probably",
    "still", "clearly", "obviously", "actually", "really", "already"};

inline constexpr std::string_view kActionVerbs[] = {
    "pushed", "merged",  "deployed", "shipped",   "released", "committed", "applied",
    "ran",    "changed", "rolled",   "restarted", "deleted",  "dropped",   "approved"};

// Every phrase blame_at and the passive rule look for contains one of these.
inline constexpr std::string_view kBlameHints[] = {
    "didn",         "did not",    "never",      "forgot",  "neglected",  "failed",
    "broke",        "caused",     "missed",     "ignored", "overlooked", "should",
    "accidentally", "mistakenly", "carelessly", "without", "introduced", "triggered",
    "human error",  "operator error", "careless", "negligent", "sloppy", "reckless", "lazy",
    "incompetent",  "inattentive", "mistake", "fault", "oversight", "blunder", "screw"};

}  // namespace scribe::core::blameless_lexicon
