package dev.fleetgateway.system.web;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.DeferredResultMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import dev.fleetgateway.system.Futures;

/**
 * Answers a controller's {@link CompletableFuture} that is already complete on the request's own thread, as if the
 * controller had returned its value (or thrown its failure). Spring MVC would otherwise start async processing and
 * dispatch the request a second time through the whole filter chain and the dispatcher for a result that is
 * already there: a non-blocking recv with no data (408), a cursor read with frames buffered, a send flushed while
 * its controller waited ({@code Futures.settle}). A future still running takes the usual async path.
 */
@Component
class SettledFutureReturns implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getReturnValueHandlers() != null) {
            List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>(adapter.getReturnValueHandlers());
            HandlerMethodReturnValueHandlerComposite all = new HandlerMethodReturnValueHandlerComposite()
                    .addHandlers(handlers);
            for (int i = 0; i < handlers.size(); i++) {
                if (handlers.get(i) instanceof DeferredResultMethodReturnValueHandler async) {
                    handlers.set(i, new Settled(async, all));
                }
            }
            adapter.setReturnValueHandlers(handlers);
        }
        return bean;
    }

    /** In front of Spring's handler of futures: a settled future goes to the handler of its value instead. */
    static final class Settled implements HandlerMethodReturnValueHandler {

        private final DeferredResultMethodReturnValueHandler async;
        private final HandlerMethodReturnValueHandler values;

        Settled(DeferredResultMethodReturnValueHandler async, HandlerMethodReturnValueHandler values) {
            this.async = async;
            this.values = values;
        }

        @Override
        public boolean supportsReturnType(MethodParameter returnType) {
            return async.supportsReturnType(returnType);
        }

        @Override
        public void handleReturnValue(Object returnValue, MethodParameter returnType,
                ModelAndViewContainer mavContainer, NativeWebRequest webRequest) throws Exception {
            if (returnValue instanceof CompletableFuture<?> f && f.isDone() && !f.isCancelled()) {
                Object value;
                try {
                    value = f.join();
                } catch (CompletionException | CancellationException e) {
                    Throwable cause = Futures.unwrap(e);
                    throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
                }
                values.handleReturnValue(value, new ValueParameter(returnType, value), mavContainer, webRequest);
                return;
            }
            async.handleReturnValue(returnValue, returnType, mavContainer, webRequest);
        }
    }

    /** The method's return type seen through the future: its value's type, as Spring's async result has. */
    static final class ValueParameter extends MethodParameter {

        private final Object value;
        private final ResolvableType type;

        ValueParameter(MethodParameter future, Object value) {
            super(future);
            this.value = value;
            this.type = ResolvableType.forMethodParameter(future).as(CompletionStage.class).getGeneric();
        }

        private ValueParameter(ValueParameter original) {
            super(original);
            this.value = original.value;
            this.type = original.type;
        }

        @Override
        public Class<?> getParameterType() {
            if (value != null) {
                return value.getClass();
            }
            return ResolvableType.NONE.equals(type) ? Object.class : type.toClass();
        }

        @Override
        public Type getGenericParameterType() {
            return ResolvableType.NONE.equals(type) ? getParameterType() : type.getType();
        }

        @Override
        public ValueParameter clone() {
            return new ValueParameter(this);
        }
    }
}
