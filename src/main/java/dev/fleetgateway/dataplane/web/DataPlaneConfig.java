package dev.fleetgateway.dataplane.web;

import java.util.List;

import javax.net.ssl.SSLException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.fleetgateway.cluster.ClusterDirectory;
import dev.fleetgateway.cluster.OwnerCalls;
import dev.fleetgateway.dataplane.DataPlaneProperties;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.outbox.ModuleSender;
import dev.fleetgateway.outbox.OutboxProperties;
import dev.fleetgateway.security.ApiKeys;
import dev.fleetgateway.security.RequestQuota;
import dev.fleetgateway.security.SecurityProperties;
import dev.fleetgateway.session.NettyTransport;
import dev.fleetgateway.session.SendTimer;
import dev.fleetgateway.session.SessionQueries;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.system.ApiProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data-plane port, only with {@code gateway.data-plane.enabled=true}. When the REST port serves HTTPS this port
 * does too, from the same SSL bundle ({@code server.ssl.bundle}); HTTPS configured without a bundle refuses to
 * start rather than serve plain HTTP beside an HTTPS REST port.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.data-plane.enabled", havingValue = "true")
class DataPlaneConfig {

    @Bean
    DataPlaneServer dataPlaneServer(DataPlaneProperties props, NettyTransport transport, ApiKeys keys,
            RequestQuota quota, ModuleSender sender, SessionRegistry registry, SessionQueries queries,
            ModuleService modules, ClusterDirectory directory, SendTimer sendTimer, ApiProperties api,
            OutboxProperties outbox, JsonMapper json, Environment env, ObjectProvider<SslBundles> bundles,
            ObjectProvider<OwnerCalls> ownerCalls, ObjectProvider<JwtDecoder> jwt, SecurityProperties security,
            MeterRegistry meters) {
        SslContext tls = tls(env, bundles);
        DataPlaneMetrics metrics = new DataPlaneMetrics(meters);
        DataPlaneWorkers workers = new DataPlaneWorkers(Math.max(1, props.workerThreads()),
                Math.max(1, props.workerQueue()), () -> metrics.rejected(DataPlaneMetrics.Rejected.BUSY));
        DataPlaneProblems problems = new DataPlaneProblems(json);
        DataPlaneForwards forwards = new DataPlaneForwards(ownerCalls.getIfAvailable(), directory, registry, modules,
                api, workers);
        CallerCheck callers = new CallerCheck(keys, quota, problems, jwt.getIfAvailable(),
                security.jwt().rolesClaim(), workers);
        DataPlane plane = new DataPlane(problems, callers,
                new DataPlaneSends(sender, registry, queries, modules, forwards, sendTimer, api, outbox, json, workers),
                new DataPlaneReads(registry, modules, forwards, api, json, workers, props.maxPendingRecvs(),
                        () -> metrics.rejected(DataPlaneMetrics.Rejected.WAITS)),
                forwards, metrics);
        return new DataPlaneServer(props, transport, plane, workers, tls, props.contentLimit(api.maxPayload()));
    }

    /** The REST port's TLS for this port, or null when the REST port is plain HTTP. */
    static SslContext tls(Environment env, ObjectProvider<SslBundles> bundles) {
        String bundle = env.getProperty("server.ssl.bundle");
        boolean enabled = env.getProperty("server.ssl.enabled", Boolean.class, bundle != null);
        if (!enabled) {
            return null;
        }
        if (bundle == null || bundle.isBlank()) {
            throw new IllegalStateException("The REST port serves HTTPS without an SSL bundle (server.ssl.enabled "
                    + "without server.ssl.bundle): the data-plane port takes its certificate only from a bundle and "
                    + "never serves plain HTTP beside an HTTPS REST port. Set server.ssl.bundle, or "
                    + "gateway.data-plane.enabled=false");
        }
        SslBundles all = bundles.getIfAvailable();
        if (all == null) {
            throw new IllegalStateException("server.ssl.bundle is set but there are no SSL bundles");
        }
        SslBundle b = all.getBundle(bundle);
        SslContextBuilder builder = SslContextBuilder.forServer(b.getManagers().getKeyManagerFactory())
                .sslProvider(SslProvider.JDK);
        SslOptions options = b.getOptions();
        if (options.getCiphers() != null) {
            builder.ciphers(List.of(options.getCiphers()));
        }
        if (options.getEnabledProtocols() != null) {
            builder.protocols(options.getEnabledProtocols());
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("SSL bundle '" + bundle + "' cannot serve TLS on the data-plane port: "
                    + e.getMessage(), e);
        }
    }
}
