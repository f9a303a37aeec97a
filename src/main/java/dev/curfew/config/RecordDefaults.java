package dev.curfew.config;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.ValueInstantiators;
import com.fasterxml.jackson.databind.deser.impl.PropertyValueBuffer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;

/**
 * Makes every record of a YAML file with the keys left out (or written with no value) taken from
 * the record's static {@code defaults()}, and the keys written {@code off} as null. A record
 * without {@code defaults()} gets null for a key left out and applies its defaults itself.
 */
final class RecordDefaults extends SimpleModule {
    private static final long serialVersionUID = 1L;

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addValueInstantiators(new ValueInstantiators.Base() {
            @Override
            public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription bean,
                    ValueInstantiator found) {
                return bean.getBeanClass().isRecord() ? new Filling(found, bean.getBeanClass()) : found;
            }
        });
    }

    private static final class Filling extends ValueInstantiator.Delegating {
        private static final long serialVersionUID = 1L;

        private final Class<?> type;

        Filling(ValueInstantiator delegate, Class<?> type) {
            super(delegate);
            this.type = type;
        }

        @Override
        public Object createFromObjectWith(DeserializationContext ctxt, SettableBeanProperty[] props,
                PropertyValueBuffer buffer) throws IOException {
            Object[] args = buffer.getParameters(props);
            Object defaults = defaults(type);
            RecordComponent[] components = type.getRecordComponents();
            for (SettableBeanProperty prop : props) {
                int i = prop.getCreatorIndex();
                if (args[i] == Yaml.OFF) {
                    args[i] = null;
                } else if (!buffer.hasParameter(prop) || args[i] == null) {
                    args[i] = defaults == null ? null : value(components[i], defaults);
                }
            }
            return delegate().createFromObjectWith(ctxt, args);
        }
    }

    private static Object defaults(Class<?> type) {
        try {
            Method m = type.getMethod("defaults");
            return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type ? m.invoke(null) : null;
        } catch (NoSuchMethodException e) {
            return null;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + ".defaults() cannot be called", e);
        }
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(component + " cannot be read", e);
        }
    }
}
