package dev.agentbus.junit5;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.BusNamespace;
import dev.agentbus.embedded.faults.InBusFaults;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link WithAgentBus}. All its state lives in JUnit Stores: the shared bus in
 * the root Store (closed when the run ends), a class bus in its class's Store, and each test's
 * {@link TestBus} in the test's Store (closed after the test). It holds no field of its own, so one
 * instance serves tests running in parallel.
 */
final class AgentBusExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** Configuration parameter (or system property): the URL of a running bus to use. */
  static final String URL_PARAMETER = "agentbus.url";

  /** Configuration parameter: that bus's server-wide token, if it has one. */
  static final String TOKEN_PARAMETER = "agentbus.token";

  /** Configuration parameter: where failed tests' journals and transcripts go. */
  static final String REPORTS_PARAMETER = "agentbus.reports.dir";

  static final String DEFAULT_REPORTS_DIR = "target/agent-bus";

  private static final Namespace STORE = Namespace.create(AgentBusExtension.class);
  private static final String SHARED_BUS = "shared bus";

  @WithAgentBus
  private static final class Defaults {}

  private static final WithAgentBus DEFAULTS = Defaults.class.getAnnotation(WithAgentBus.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    ReportPage.always(context); // a misspelt choice fails the test before it runs, not after
    testBus(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestBus test = context.getStore(STORE).get(TestBus.class, TestBus.class);
    if (test == null) {
      return;
    }
    AssertionError failure = test.bus().stopListeners();
    if (context.getExecutionException().isEmpty() && test.config().strict()) {
      AssertionError strictFailure = strictCheck(test.bus());
      if (failure == null) {
        failure = strictFailure;
      } else if (strictFailure != null) {
        failure.addSuppressed(strictFailure);
      }
    }
    if (context.getExecutionException().isPresent() || failure != null) {
      Path reports =
          Path.of(context.getConfigurationParameter(REPORTS_PARAMETER).orElse(DEFAULT_REPORTS_DIR));
      try {
        FailureArtifacts.record(context, test.bus(), reports, failure);
      } catch (RuntimeException e) {
        // A bus that is gone must not hide the test's own failure behind ours.
        System.out.println(
            "agent-bus: could not read the traffic of "
                + context.getDisplayName()
                + " to report it: "
                + e);
      }
    } else if (ReportPage.always(context)) {
      writePassingReport(context, test.bus());
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** With {@code agentbus.reports=always}, a passing test keeps its traffic as a page too. */
  private static void writePassingReport(ExtensionContext context, AgentBus bus) {
    Path reports =
        Path.of(context.getConfigurationParameter(REPORTS_PARAMETER).orElse(DEFAULT_REPORTS_DIR));
    try {
      Path page = ReportPage.write(context, bus.namespace(), reports);
      context.publishReportEntry(ReportPage.KEY, page.toAbsolutePath().toString());
    } catch (IOException | RuntimeException e) {
      System.out.println(
          "agent-bus: could not write the traffic report of "
              + context.getDisplayName()
              + " under "
              + reports
              + " ("
              + e
              + "): set agentbus.reports.dir to a writable folder");
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.isAnnotated(Agent.class)) {
      // the same test as AgentWithoutBus's, negated, so that exactly one of us resolves it
      return nearestConfig(context).isPresent();
    }
    Class<?> type = parameter.getParameter().getType();
    return type == AgentBus.class
        || type == Traffic.class
        || type == AgentBusClient.class
        || type == BusFaults.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    Optional<Agent> agent = parameter.findAnnotation(Agent.class);
    if (agent.isPresent() && type != AgentBusClient.class) {
      throw new ParameterResolutionException(
          "@Agent marks an AgentBusClient parameter, but "
              + describe(parameter)
              + " is a "
              + type.getName()
              + ": declare it as AgentBusClient, or take an AgentBus parameter and call"
              + " environment(\""
              + agent.get().value()
              + "\") for an agent process");
    }
    if (agent.isEmpty() && type == AgentBusClient.class) {
      throw new ParameterResolutionException(
          describe(parameter)
              + " is an AgentBusClient without @Agent: annotate it, e.g. @Agent(\"alice\"), so"
              + " that the bus knows which agent it is");
    }
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException(
          "@WithAgentBus cannot inject "
              + describe(parameter)
              + ": each test gets its own bus namespace, so AgentBus, Traffic and @Agent clients"
              + " are test parameters (also of @BeforeEach and @AfterEach methods), not"
              + " constructor or @BeforeAll parameters");
    }
    TestBus test = testBus(context);
    if (type == BusFaults.class) {
      return faults(test, parameter, context);
    }
    AgentBus bus = test.bus();
    if (type == AgentBus.class) {
      return bus;
    }
    if (type == Traffic.class) {
      return bus.traffic();
    }
    return agentClient(bus, agent.get(), parameter);
  }

  private static BusFaults faults(
      TestBus test, ParameterContext parameter, ExtensionContext context) {
    if (test.faults() == null) {
      throw new ParameterResolutionException(
          describe(parameter)
              + " asks for BusFaults, but the test method "
              + context.getRequiredTestMethod().getName()
              + "() does not declare it: the extension routes a test's agents through the fault"
              + " proxy only when the test method itself has a BusFaults parameter, so add one"
              + " there");
    }
    return test.faults();
  }

  /**
   * Whether the test's agents go through a fault proxy: decided once, before any of them exists,
   * from the test method's parameters, so that their order does not matter.
   */
  private static boolean declaresFaults(ExtensionContext context) {
    for (Class<?> type : context.getRequiredTestMethod().getParameterTypes()) {
      if (type == BusFaults.class) {
        return true;
      }
    }
    return false;
  }

  private static AgentBusClient agentClient(AgentBus bus, Agent agent, ParameterContext parameter) {
    if (agent.value().isBlank()) {
      throw new ParameterResolutionException(
          "@Agent on "
              + describe(parameter)
              + " has a blank name: give the agent's name, e.g. @Agent(\"alice\")");
    }
    if (agent.noChannel() && !agent.channel().isEmpty()) {
      throw new ParameterResolutionException(
          "@Agent(\""
              + agent.value()
              + "\") on "
              + describe(parameter)
              + " sets both channel = \""
              + agent.channel()
              + "\" and noChannel = true: keep one (noChannel reproduces an agent that sends no"
              + " channel at all)");
    }
    if (agent.noChannel()) {
      return bus.clientWithoutChannel(agent.value());
    }
    return agent.channel().isEmpty()
        ? bus.client(agent.value())
        : bus.client(agent.value(), agent.channel());
  }

  /** The test's bus, created on first use (a callback or a parameter, whichever comes first). */
  private static TestBus testBus(ExtensionContext context) {
    return context
        .getStore(STORE)
        .getOrComputeIfAbsent(TestBus.class, key -> newTestBus(context), TestBus.class);
  }

  private static TestBus newTestBus(ExtensionContext context) {
    Found found = nearestConfig(context).orElseGet(() -> new Found(DEFAULTS, context));
    WithAgentBus config = found.config();
    NamespaceOptions options = options(config, found.where());
    boolean faults = declaresFaults(context);
    if (faults) {
      FaultProxies.requireWireMock(AgentBusExtension.class.getClassLoader());
    }
    BusResource privateBus = config.scope() == BusScope.METHOD ? BusResource.embedded() : null;
    BusResource resource =
        privateBus != null ? privateBus : sharedOrClassBus(config, found, context);
    BusResource.TestNames names =
        resource.names(
            nestedName(context.getRequiredTestClass()), context.getRequiredTestMethod().getName());
    BusNamespace namespace = null;
    try {
      namespace = resource.connection().createNamespace(names.namespace(), options);
      BusFaults busFaults = null;
      FaultProxy proxy = null;
      if (faults) {
        InBusFaults inBus = namespace.faults();
        WireFaultRules rules = new WireFaultRules(inBus::recordWireFault);
        busFaults = new BusFaults(rules, inBus);
        proxy = FaultProxies.start(namespace.url(), rules);
      }
      AgentBus bus =
          new AgentBus(
              namespace,
              proxy == null ? namespace.url() : proxy.url(),
              names.channel(),
              resource.http(),
              resource.serverToken());
      return new TestBus(bus, config, busFaults, proxy, privateBus);
    } catch (RuntimeException e) {
      if (namespace != null) {
        namespace.close();
      }
      if (privateBus != null) {
        privateBus.close();
      }
      throw e;
    }
  }

  private static BusResource sharedOrClassBus(
      WithAgentBus config, Found found, ExtensionContext test) {
    if (config.scope() == BusScope.CLASS) {
      // The test's own class, not the one that carries the annotation: a @Nested class inherits
      // the annotation of its enclosing class, yet counts as a class of its own. Its key names
      // the class too, since a Store also finds what its enclosing classes' Stores hold.
      ExtensionContext testClass = classContext(test);
      return testClass
          .getStore(STORE)
          .getOrComputeIfAbsent(
              new ClassBusKey(testClass.getUniqueId()),
              key -> BusResource.embedded(),
              BusResource.class);
    }
    ExtensionContext root = found.where().getRoot();
    return root.getStore(STORE)
        .getOrComputeIfAbsent(SHARED_BUS, key -> openSharedBus(root), SharedBus.class)
        .resource();
  }

  /**
   * The context of the class a test belongs to: the nearest one whose element is a class, above the
   * test and, for a repeated or parameterized test, above its container.
   */
  private static ExtensionContext classContext(ExtensionContext test) {
    ExtensionContext at = test;
    while (!(at.getElement().orElse(null) instanceof Class<?>)) {
      at = at.getParent().orElseThrow();
    }
    return at;
  }

  /**
   * A class's name with the classes that enclose it, e.g. {@code Outer.Inside}: two test classes
   * may each have a {@code @Nested class Inside}.
   */
  private static String nestedName(Class<?> testClass) {
    StringBuilder name = new StringBuilder(testClass.getSimpleName());
    for (Class<?> outer = testClass.getEnclosingClass();
        outer != null;
        outer = outer.getEnclosingClass()) {
      name.insert(0, outer.getSimpleName() + ".");
    }
    return name.toString();
  }

  /**
   * The run's bus: one started in this JVM or, with {@code agentbus.url}, the bus there, once it
   * has answered. A URL that is no URL, or a bus that does not answer within {@link
   * BusResource#FIRST_CONTACT}, is remembered as the run's failure, so that every test of the run
   * fails at once with it instead of each waiting for the bus in turn.
   */
  private static SharedBus openSharedBus(ExtensionContext root) {
    Optional<String> url = root.getConfigurationParameter(URL_PARAMETER).filter(u -> !u.isBlank());
    if (url.isEmpty()) {
      return new SharedBus(BusResource.embedded(), null);
    }
    URI uri;
    try {
      uri = URI.create(url.get().trim());
    } catch (IllegalArgumentException e) {
      return new SharedBus(
          null,
          URL_PARAMETER
              + " = '"
              + url.get()
              + "' is not a URL: set it to a running bus, e.g. http://127.0.0.1:8080, or unset it"
              + " to start one per test run");
    }
    String token =
        root.getConfigurationParameter(TOKEN_PARAMETER).filter(t -> !t.isBlank()).orElse(null);
    BusResource remote;
    try {
      remote = BusResource.remote(uri, token);
    } catch (IllegalArgumentException e) {
      return new SharedBus(
          null,
          URL_PARAMETER
              + " = '"
              + url.get()
              + "' is not a bus URL ("
              + e.getMessage()
              + "): set it to a running bus, e.g. http://127.0.0.1:8080, or unset it to start"
              + " one per test run");
    }
    Optional<String> silence;
    try {
      silence = remote.firstContact();
    } catch (RuntimeException e) {
      remote.close();
      throw e;
    }
    if (silence.isPresent()) {
      remote.close();
      return new SharedBus(
          null,
          URL_PARAMETER
              + " = "
              + uri
              + ": "
              + silence.get()
              + ". Start the bus there (mvn bus:start, or java -jar agent-bus.jar serve), correct"
              + " "
              + URL_PARAMETER
              + ", or unset it to have the tests start a bus of their own. Every test of this run"
              + " fails with this message, without asking that bus again.");
    }
    return new SharedBus(remote, null);
  }

  /**
   * What the root Store keeps for the run: its bus, or why there is none.
   *
   * @param bus the run's bus, or {@code null}
   * @param failure why it could not be used, or {@code null}
   */
  private record SharedBus(BusResource bus, String failure) implements StoreResource {

    /**
     * @return the run's bus
     * @throws ExtensionConfigurationException with the run's failure, if it has none
     */
    BusResource resource() {
      if (bus == null) {
        throw new ExtensionConfigurationException(failure);
      }
      return bus;
    }

    @Override
    public void close() {
      if (bus != null) {
        bus.close();
      }
    }
  }

  private static NamespaceOptions options(WithAgentBus config, ExtensionContext where) {
    try {
      return NamespaceOptions.builder()
          .channellessRecv(config.channellessRecv())
          .waf(config.waf())
          .token(config.token().isEmpty() ? null : config.token())
          .maxQueue(config.maxQueue())
          .recvTimeout(Duration.ofMillis(config.recvTimeoutMillis()))
          .journalLimit(config.journalLimit())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@WithAgentBus on "
              + where.getElement().map(Object::toString).orElse(where.getDisplayName())
              + " is not valid: "
              + e.getMessage(),
          e);
    }
  }

  private static AssertionError strictCheck(AgentBus bus) {
    try {
      bus.traffic()
          .assertNothingUndelivered(
              "@WithAgentBus(strict = true) fails a test that leaves a message undelivered. ");
      return null;
    } catch (AssertionError e) {
      return e;
    }
  }

  /**
   * The nearest {@link WithAgentBus}: on the method, its class (or a superclass or interface), or
   * an enclosing class; directly or on an annotation of the user's. Looked up once per context and
   * kept in its Store: JUnit asks for it for every {@code @Agent} parameter of every test, and the
   * annotation search is the costliest part of the extension's work per test.
   */
  static Optional<Found> nearestConfig(ExtensionContext context) {
    if (context.getParent().isEmpty()) {
      return Optional.empty(); // the engine: no element to carry the annotation
    }
    return context
        .getStore(STORE)
        .getOrComputeIfAbsent(
            new ConfigKey(context.getUniqueId()),
            key -> new NearestConfig(findNearestConfig(context)),
            NearestConfig.class)
        .found();
  }

  private static Optional<Found> findNearestConfig(ExtensionContext context) {
    Optional<AnnotatedElement> element = context.getElement();
    if (element.isPresent()) {
      Optional<WithAgentBus> config =
          AnnotationSupport.findAnnotation(element.get(), WithAgentBus.class);
      if (config.isPresent()) {
        refuseTwoOnOneElement(element.get());
        return Optional.of(new Found(config.get(), context));
      }
    }
    return nearestConfig(context.getParent().orElseThrow());
  }

  /**
   * The Store key of a context's nearest configuration: the context's own id, since a Store also
   * finds what the Stores of the contexts above it hold, whose answer may differ.
   *
   * @param contextId the unique id of the context
   */
  private record ConfigKey(String contextId) {}

  /**
   * @param found the nearest configuration, or empty when none applies
   */
  private record NearestConfig(Optional<Found> found) {}

  /**
   * Refuses a method or class that declares {@link WithAgentBus} more than once: directly and
   * through an annotation of the user's, or through two such annotations. Annotations are not
   * merged, so one would win whole and the other's options would be lost without a word. On a
   * class, the nearest class of its hierarchy that declares one is checked; a subclass that
   * declares its own overrides its superclass's, as a method's overrides its class's.
   */
  private static void refuseTwoOnOneElement(AnnotatedElement element) {
    AnnotatedElement declaring = element;
    List<String> found = declaredConfigs(declaring);
    for (Class<?> type = element instanceof Class<?> c ? c.getSuperclass() : null;
        found.isEmpty() && type != null;
        type = type.getSuperclass()) {
      declaring = type;
      found = declaredConfigs(type);
    }
    if (found.size() > 1) {
      throw new ExtensionConfigurationException(
          declaring
              + " carries @WithAgentBus "
              + found.size()
              + " times: "
              + String.join(" and ", found)
              + ". Their options are not merged, so one would be ignored: keep one of them"
              + " (an annotation of your own can carry @WithAgentBus with every option the"
              + " class needs)");
    }
  }

  private static List<String> declaredConfigs(AnnotatedElement element) {
    List<String> found = new ArrayList<>();
    for (Annotation annotation : element.getDeclaredAnnotations()) {
      if (annotation instanceof WithAgentBus) {
        found.add("@WithAgentBus directly");
      } else if (AnnotationSupport.isAnnotated(annotation.annotationType(), WithAgentBus.class)) {
        found.add("@" + annotation.annotationType().getName() + ", which carries @WithAgentBus");
      }
    }
    return found;
  }

  static String describe(ParameterContext parameter) {
    return "parameter "
        + parameter.getIndex()
        + " of "
        + parameter.getDeclaringExecutable().getDeclaringClass().getSimpleName()
        + "."
        + parameter.getDeclaringExecutable().getName()
        + "()";
  }

  /**
   * The Store key of a class's private bus.
   *
   * @param classId the unique id of the class's context
   */
  private record ClassBusKey(String classId) {}

  /**
   * @param config the annotation that applies
   * @param where the context whose element carries it
   */
  record Found(WithAgentBus config, ExtensionContext where) {}
}
