//! Authentication, impersonation, the RBAC decisions of the seeded roles, the reviews, and
//! HTTPS with the generated kubeconfig.

mod common;

use common::{client, client_with_token, impersonating, job, sandbox, status};
use k8s_openapi::api::authentication::v1::{TokenReview, TokenReviewSpec};
use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec,
    SelfSubjectRulesReview, SelfSubjectRulesReviewSpec, SubjectAccessReview,
    SubjectAccessReviewSpec,
};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, ListParams, PostParams};
use sandbox::{Clock, Sandbox, SandboxOptions, Tuning};

#[tokio::test]
async fn anonymous_and_unknown_tokens_get_401() {
    let sb = sandbox();
    for token in [None, Some("not-a-token".to_owned())] {
        let jobs: Api<Job> = Api::namespaced(client_with_token(&sb, token), "demo-project");
        let s = status(jobs.list(&ListParams::default()).await.expect_err("401"));
        assert_eq!(
            (s.code, s.reason.as_str(), s.message.as_str()),
            (401, "Unauthorized", "Unauthorized")
        );
    }
}

/// (user, verb, group, resource, namespace, allowed)
const TABLE: &[(&str, &str, &str, &str, &str, bool)] = &[
    ("admin", "delete", "batch", "jobs", "other-project", true),
    ("admin", "list", "", "nodes", "", true),
    (
        "project-admin",
        "create",
        "batch",
        "jobs",
        "demo-project",
        true,
    ),
    (
        "project-admin",
        "create",
        "rbac.authorization.k8s.io",
        "rolebindings",
        "demo-project",
        true,
    ),
    (
        "project-admin",
        "list",
        "batch",
        "jobs",
        "other-project",
        false,
    ),
    (
        "project-regular",
        "create",
        "batch",
        "jobs",
        "demo-project",
        true,
    ),
    (
        "project-regular",
        "delete",
        "batch",
        "jobs",
        "demo-project",
        true,
    ),
    (
        "project-regular",
        "get",
        "",
        "pods/log",
        "demo-project",
        true,
    ),
    (
        "project-regular",
        "create",
        "rbac.authorization.k8s.io",
        "rolebindings",
        "demo-project",
        false,
    ),
    (
        "project-regular",
        "create",
        "batch",
        "jobs",
        "other-project",
        false,
    ),
    ("project-regular", "list", "", "namespaces", "", false),
    (
        "project-viewer",
        "list",
        "batch",
        "jobs",
        "demo-project",
        true,
    ),
    (
        "project-viewer",
        "get",
        "",
        "pods/log",
        "demo-project",
        true,
    ),
    (
        "project-viewer",
        "create",
        "batch",
        "jobs",
        "demo-project",
        false,
    ),
    (
        "project-viewer",
        "patch",
        "batch",
        "jobs",
        "demo-project",
        false,
    ),
    (
        "other-regular",
        "create",
        "batch",
        "jobs",
        "other-project",
        true,
    ),
    (
        "other-regular",
        "list",
        "batch",
        "jobs",
        "demo-project",
        false,
    ),
];

fn sar(user: &str, verb: &str, group: &str, resource: &str, ns: &str) -> SubjectAccessReview {
    let (resource, sub) = resource.split_once('/').unwrap_or((resource, ""));
    SubjectAccessReview {
        spec: SubjectAccessReviewSpec {
            user: Some(user.to_owned()),
            groups: Some(vec!["system:authenticated".into()]),
            resource_attributes: Some(ResourceAttributes {
                verb: Some(verb.into()),
                group: Some(group.into()),
                resource: Some(resource.into()),
                subresource: Some(sub.into()).filter(|s: &String| !s.is_empty()),
                namespace: Some(ns.into()).filter(|s: &String| !s.is_empty()),
                ..ResourceAttributes::default()
            }),
            ..SubjectAccessReviewSpec::default()
        },
        ..SubjectAccessReview::default()
    }
}

#[tokio::test]
async fn seeded_roles_decide_as_the_table_says_via_subject_access_review() {
    let sb = sandbox();
    let console = client_with_token(&sb, Some(sb.console_token().to_owned()));
    let reviews: Api<SubjectAccessReview> = Api::all(console);
    for (user, verb, group, resource, ns, want) in TABLE {
        let answer = reviews
            .create(
                &PostParams::default(),
                &sar(user, verb, group, resource, ns),
            )
            .await
            .expect("review");
        let st = answer.status.expect("status");
        assert_eq!(
            st.allowed, *want,
            "{user} {verb} {group}/{resource} in {ns:?}"
        );
        if *want && *user != "admin" {
            assert!(
                st.reason
                    .unwrap_or_default()
                    .starts_with("RBAC: allowed by RoleBinding"),
                "{user}"
            );
        }
    }
}

#[tokio::test]
async fn real_requests_agree_with_the_table() {
    let sb = sandbox();
    for (user, verb, group, resource, ns, want) in TABLE {
        if !(*group == "batch" && *resource == "jobs" && matches!(*verb, "list" | "create")) {
            continue;
        }
        let jobs: Api<Job> = Api::namespaced(client(&sb, user), ns);
        let result = if *verb == "list" {
            jobs.list(&ListParams::default()).await.map(|_| ())
        } else {
            let mut j = job(&format!("by-{user}")).build();
            j.metadata.namespace = Some((*ns).to_owned());
            jobs.create(&PostParams::default(), &j).await.map(|_| ())
        };
        match result {
            Ok(()) => assert!(*want, "{user} {verb} in {ns} should be denied"),
            Err(e) => {
                assert!(!*want, "{user} {verb} in {ns} should be allowed: {e}");
                assert_eq!(status(e).code, 403);
            }
        }
    }
}

#[tokio::test]
async fn self_subject_access_and_rules_reviews_answer_for_the_caller() {
    let sb = sandbox();
    let ssar: Api<SelfSubjectAccessReview> = Api::all(client(&sb, "project-regular"));
    let ask = |ns: &str| SelfSubjectAccessReview {
        spec: SelfSubjectAccessReviewSpec {
            resource_attributes: Some(ResourceAttributes {
                verb: Some("create".into()),
                group: Some("batch".into()),
                resource: Some("jobs".into()),
                namespace: Some(ns.into()),
                ..ResourceAttributes::default()
            }),
            ..SelfSubjectAccessReviewSpec::default()
        },
        ..SelfSubjectAccessReview::default()
    };
    let yes = ssar
        .create(&PostParams::default(), &ask("demo-project"))
        .await
        .expect("ssar");
    assert!(yes.status.expect("status").allowed);
    let no = ssar
        .create(&PostParams::default(), &ask("other-project"))
        .await
        .expect("ssar");
    assert!(!no.status.expect("status").allowed);

    let rules: Api<SelfSubjectRulesReview> = Api::all(client(&sb, "project-viewer"));
    let answer = rules
        .create(
            &PostParams::default(),
            &SelfSubjectRulesReview {
                spec: SelfSubjectRulesReviewSpec {
                    namespace: Some("demo-project".into()),
                },
                ..SelfSubjectRulesReview::default()
            },
        )
        .await
        .expect("ssrr");
    let st = answer.status.expect("status");
    assert!(!st.incomplete);
    assert!(st.resource_rules.iter().any(|r| {
        r.resources
            .as_deref()
            .unwrap_or_default()
            .contains(&"jobs".to_owned())
            && r.verbs.contains(&"list".to_owned())
            && !r.verbs.contains(&"create".to_owned())
    }));
}

#[tokio::test]
async fn token_review_authenticates_seeded_and_minted_tokens() {
    let sb = sandbox();
    let reviews: Api<TokenReview> =
        Api::all(client_with_token(&sb, Some(sb.console_token().to_owned())));
    let review = |token: &str| TokenReview {
        spec: TokenReviewSpec {
            token: token.to_owned(),
            ..TokenReviewSpec::default()
        },
        ..TokenReview::default()
    };
    let token = sb
        .user_token("project-viewer")
        .unwrap_or_default()
        .to_owned();
    let st = reviews
        .create(&PostParams::default(), &review(&token))
        .await
        .expect("review")
        .status
        .expect("status");
    assert_eq!(st.authenticated, Some(true));
    let user = st.user.expect("user");
    assert_eq!(user.username.as_deref(), Some("project-viewer"));
    assert!(
        user.groups
            .unwrap_or_default()
            .contains(&"system:authenticated".to_owned())
    );

    let st = reviews
        .create(&PostParams::default(), &review("bogus"))
        .await
        .expect("review")
        .status
        .expect("status");
    assert_ne!(st.authenticated, Some(true));

    let sa = sb.mint_service_account_token("demo-project", "default");
    let st = reviews
        .create(&PostParams::default(), &review(&sa))
        .await
        .expect("review")
        .status
        .expect("status");
    assert_eq!(
        st.user.and_then(|u| u.username).as_deref(),
        Some("system:serviceaccount:demo-project:default")
    );

    // project-regular may not create TokenReviews.
    let denied: Api<TokenReview> = Api::all(client(&sb, "project-regular"));
    let s = status(
        denied
            .create(&PostParams::default(), &review("x"))
            .await
            .expect_err("forbidden"),
    );
    assert_eq!(
        s.message,
        r#"tokenreviews.authentication.k8s.io is forbidden: User "project-regular" cannot create resource "tokenreviews" in API group "authentication.k8s.io" at the cluster scope"#
    );
}

#[tokio::test]
async fn console_impersonation_is_allowed_and_judged_as_the_user() {
    let sb = sandbox();
    let as_regular = impersonating(
        &sb,
        sb.console_token(),
        "project-regular",
        &["system:authenticated"],
    );
    let demo: Api<Job> = Api::namespaced(as_regular.clone(), "demo-project");
    demo.create(&PostParams::default(), &job("mine").build())
        .await
        .expect("allowed as project-regular");
    let other: Api<Job> = Api::namespaced(as_regular, "other-project");
    let s = status(
        other
            .list(&ListParams::default())
            .await
            .expect_err("forbidden"),
    );
    assert_eq!(
        s.message,
        r#"jobs.batch is forbidden: User "project-regular" cannot list resource "jobs" in API group "batch" in the namespace "other-project""#
    );
}

#[tokio::test]
async fn impersonation_is_refused_without_the_right() {
    let refusing = Sandbox::new_with(
        SandboxOptions {
            clock: Clock::manual(chrono::Utc::now()),
            seed: true,
            state_file: None,
        },
        Tuning {
            console_may_impersonate: false,
            ..Tuning::default()
        },
    )
    .expect("sandbox");
    let c = impersonating(&refusing, refusing.console_token(), "admin", &[]);
    let ns: Api<Namespace> = Api::all(c);
    let s = status(ns.list(&ListParams::default()).await.expect_err("refused"));
    assert_eq!(s.code, 403);
    assert_eq!(
        s.message,
        r#"users "admin" is forbidden: User "system:serviceaccount:jobconsole-system:jobconsole" cannot impersonate resource "users" in API group "" at the cluster scope"#
    );
    // An ordinary user may not impersonate either, nor claim a group.
    let sb = sandbox();
    let token = sb
        .user_token("project-regular")
        .unwrap_or_default()
        .to_owned();
    let c = impersonating(&sb, &token, "admin", &[]);
    let jobs: Api<Job> = Api::namespaced(c, "demo-project");
    assert_eq!(
        status(
            jobs.list(&ListParams::default())
                .await
                .expect_err("refused")
        )
        .code,
        403
    );
    let c = impersonating(
        &sb,
        sb.console_token(),
        "project-regular",
        &["system:masters"],
    );
    let jobs: Api<Job> = Api::namespaced(c, "other-project");
    // The console may impersonate groups, so this is allowed: system:masters is honoured, as
    // in Kubernetes. Cluster operators must not give the console more than it needs.
    assert!(jobs.list(&ListParams::default()).await.is_ok());
}

#[tokio::test]
async fn https_with_the_generated_kubeconfig() {
    let sb = sandbox();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let tls = sandbox::TlsIdentity::generate(&["127.0.0.1".to_owned()]).expect("tls");
    let config = sandbox::kubeconfig(
        &format!("https://127.0.0.1:{port}"),
        Some(&tls.ca_pem),
        &sb.kubeconfig_users(),
    )
    .expect("kubeconfig");
    let server = tokio::spawn(sandbox::serve(sb.clone(), listener, Some(tls)));
    let kc = kube::config::Kubeconfig::from_yaml(&config).expect("parse kubeconfig");
    assert_eq!(kc.current_context.as_deref(), Some("admin"));
    for (context, allowed) in [("admin", true), ("project-viewer", false)] {
        let opts = kube::config::KubeConfigOptions {
            context: Some(context.to_owned()),
            ..Default::default()
        };
        let cfg = kube::Config::from_custom_kubeconfig(kc.clone(), &opts)
            .await
            .expect("config");
        let client = kube::Client::try_from(cfg).expect("client");
        let ns: Api<Namespace> = Api::all(client);
        assert_eq!(
            ns.list(&ListParams::default()).await.is_ok(),
            allowed,
            "{context}"
        );
    }
    server.abort();
}

#[tokio::test]
async fn a_service_account_token_dies_with_its_service_account() {
    use k8s_openapi::api::core::v1::ServiceAccount;
    use kube::api::DeleteParams;
    let sb = sandbox();
    let token = sb.mint_service_account_token("demo-project", "default");
    let ns: Api<Namespace> = Api::all(client_with_token(&sb, Some(token.clone())));
    // Authenticated (403, not 401): the ServiceAccount has no rights to list namespaces.
    assert_eq!(
        status(
            ns.list(&ListParams::default())
                .await
                .expect_err("no rights")
        )
        .code,
        403
    );
    let sas: Api<ServiceAccount> = Api::namespaced(client(&sb, "admin"), "demo-project");
    sas.delete("default", &DeleteParams::default())
        .await
        .expect("delete");
    assert_eq!(
        status(ns.list(&ListParams::default()).await.expect_err("gone")).code,
        401
    );
}
