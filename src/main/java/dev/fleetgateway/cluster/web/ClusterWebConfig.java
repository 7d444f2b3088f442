package dev.fleetgateway.cluster.web;

import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.fleetgateway.cluster.ClusterDirectory;
import dev.fleetgateway.cluster.ClusterMetrics;
import dev.fleetgateway.cluster.ClusterProperties;
import dev.fleetgateway.cluster.ForwardProperties;
import dev.fleetgateway.cluster.OwnerCalls;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.system.ApiProperties;

/**
 * Wiring of "any replica answers" (only with {@code gateway.cluster.enabled=true}): one HTTP client to the other
 * replicas' internal ports, the forwarder, and the interceptors that send module- and session-addressed calls to
 * their owner and gather the lists from every replica.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class ClusterWebConfig implements WebMvcConfigurer {

    private final ForwardInterceptor interceptor;
    private final ClusterLists lists;

    ClusterWebConfig(ClusterDirectory directory, SessionRegistry registry, ModuleService modules, ApiProperties api,
            ClusterProperties cluster, ForwardProperties props, HttpClient clusterHttpClient, Forwarder forwarder,
            ClusterMetrics metrics) {
        this.interceptor = new ForwardInterceptor(directory, registry, modules, api, forwarder);
        this.lists = new ClusterLists(new Gatherer(clusterHttpClient, directory, cluster, props, metrics));
    }

    /** The client for calls to other replicas: HTTP/1.1 (the internal port is plain HTTP), its own threads. */
    @Bean(destroyMethod = "")
    static HttpClient clusterHttpClient(ForwardProperties props) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fleet-forward-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(props.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).executor(threads).build();
    }

    @Bean
    static OwnerCalls clusterOwnerCalls(HttpClient clusterHttpClient, ClusterDirectory directory,
            ClusterProperties cluster, ForwardProperties props, ClusterMetrics metrics) {
        return new OwnerCalls(clusterHttpClient, directory, cluster, props, metrics);
    }

    @Bean
    static Forwarder clusterForwarder(OwnerCalls clusterOwnerCalls) {
        return new Forwarder(clusterOwnerCalls);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).addPathPatterns("/api/v1/sessions/**", "/api/v1/modules/**");
        registry.addInterceptor(lists).addPathPatterns("/api/v1/sessions", "/api/v1/stats");
    }
}
